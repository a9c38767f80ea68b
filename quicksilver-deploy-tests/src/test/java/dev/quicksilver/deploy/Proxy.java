package dev.quicksilver.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx or haproxy run as a process of the test's, with a documented configuration, on a
 * loopback port; every file it writes is in the test's directory. Listening when a factory returns.
 */
final class Proxy implements AutoCloseable {
    private final Process process;
    private final int port;

    private Proxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** nginx serving {@code site} (server and upstream blocks, as documented) inside a main context of the test's. */
    static Proxy nginx(Path dir, int port, String site) throws IOException {
        Files.writeString(dir.resolve("site.conf"), site);
        // The main context around the documented blocks, with every path in the test's directory.
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;",
                "events { worker_connections 256; }",
                "http {",
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  include " + dir.resolve("site.conf") + ";",
                "}", ""));
        return start(dir.resolve("nginx.out"), port, "nginx", "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off;");
    }

    /** HAProxy with {@code config} as its whole configuration, in the foreground. */
    static Proxy haproxy(Path dir, int port, String config) throws IOException {
        Files.writeString(dir.resolve("haproxy.cfg"), config);
        return start(dir.resolve("haproxy.out"), port, "haproxy", "-db", "-f", dir.resolve("haproxy.cfg").toString());
    }

    /** The hub's endpoint through the proxy. */
    URI mercure() {
        return URI.create("http://127.0.0.1:" + port + "/.well-known/mercure");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Proxy start(Path output, int port, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Proxy proxy = new Proxy(process, port);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the proxy exited with " + process.exitValue() + ":\n" + Files.readString(output));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return proxy;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** A free port below the ephemeral range (where the kernel picks clients' ports), as the proxies need one named. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
