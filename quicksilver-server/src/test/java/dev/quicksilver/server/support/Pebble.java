package dev.quicksilver.server.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Pebble, the ACME test server, and pebble-challtestsrv as its DNS (every name resolves to
 * 127.0.0.1), started on loopback ports; Pebble validates HTTP-01 on {@code httpPort} and
 * TLS-ALPN-01 on {@code tlsPort}, where the test's hub listens. Pebble's own HTTPS uses the test
 * certificate ({@link TestTls}). Both processes are killed on close.
 */
public final class Pebble implements AutoCloseable {
    private final Process dns;
    private final Process pebble;
    private final int port;

    private Pebble(Process dns, Process pebble, int port) {
        this.dns = dns;
        this.pebble = pebble;
        this.port = port;
    }

    /** @param httpPort where Pebble sends HTTP-01 validations; @param tlsPort where TLS-ALPN-01 ones */
    public static Pebble start(Path dir, int httpPort, int tlsPort) throws IOException, InterruptedException {
        int port = FreePorts.below32768();
        int management = FreePorts.below32768();
        int dnsPort = FreePorts.below32768();
        int dnsManagement = FreePorts.below32768();
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, "{\"pebble\":{\"listenAddress\":\"127.0.0.1:" + port + "\",\"managementListenAddress\":"
                + "\"127.0.0.1:" + management + "\",\"certificate\":\"" + TestTls.CERT.toAbsolutePath() + "\","
                + "\"privateKey\":\"" + TestTls.KEY.toAbsolutePath() + "\",\"httpPort\":" + httpPort + ",\"tlsPort\":"
                + tlsPort + ",\"ocspResponderURL\":\"\",\"externalAccountBindingRequired\":false}}");
        ProcessBuilder dnsBuilder = new ProcessBuilder("pebble-challtestsrv", "-dns01", "127.0.0.1:" + dnsPort,
                "-management", "127.0.0.1:" + dnsManagement, "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-http01", "", "-https01", "", "-tlsalpn01", "").redirectErrorStream(true)
                .redirectOutput(dir.resolve("challtestsrv.log").toFile());
        Process dns = dnsBuilder.start();
        ProcessBuilder builder = new ProcessBuilder("pebble", "-config", config.toString(), "-dnsserver",
                "127.0.0.1:" + dnsPort).redirectErrorStream(true).redirectOutput(dir.resolve("pebble.log").toFile());
        builder.environment().putAll(Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0"));
        Process pebble = builder.start();
        Pebble started = new Pebble(dns, pebble, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int p : List.of(port, dnsManagement)) {
            while (!listening(p)) {
                if (System.nanoTime() > deadline || !pebble.isAlive() || !dns.isAlive()) {
                    started.close();
                    throw new IllegalStateException("pebble did not start:\n" + Files.readString(dir.resolve("pebble.log"))
                            + Files.readString(dir.resolve("challtestsrv.log")));
                }
                Thread.sleep(50);
            }
        }
        return started;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String directory() {
        return "https://127.0.0.1:" + port + "/dir";
    }

    @Override
    public void close() {
        for (Process p : List.of(pebble, dns)) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
