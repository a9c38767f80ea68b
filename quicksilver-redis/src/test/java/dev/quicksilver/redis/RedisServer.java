package dev.quicksilver.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process for tests, on a free loopback port below 32768 (never the
 * system's 6379), with its data in a directory of the test's: AOF with {@code appendfsync always},
 * so a restart on the same directory keeps every write Redis acknowledged. {@link #kill()} is
 * SIGKILL.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    /** Starts a server with its data in {@code dir}, on a free port. */
    public static RedisServer start(Path dir, String... extraArguments) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            RedisServer s = new RedisServer(dir, freePort(), List.of(extraArguments));
            if (s.launch()) {
                return s;
            }
        }
        throw new IllegalStateException("could not start redis-server on a free port");
    }

    /** A port below 32768 (outside the ephemeral range) that nothing listens on now. */
    public static int freePort() {
        while (true) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
    }

    /** Starts a server on a port chosen before (see {@link #freePort()}), e.g. one a node was told to wait for. */
    public static RedisServer startOn(Path dir, int port, String... extraArguments)
            throws IOException, InterruptedException {
        RedisServer s = new RedisServer(dir, port, List.of(extraArguments));
        if (!s.launch()) {
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
        return s;
    }

    private boolean launch() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "no",
                "--logfile", dir.resolve("redis-" + port + ".log").toString()));
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (ping()) {
                return true;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        return false;
    }

    /** True when the server answers PING (and has loaded its data: it answers LOADING before). */
    boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1_000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: Redis gets no chance to write anything more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the server again, on the same port and directory (after {@link #kill()}). */
    public void restart() throws IOException, InterruptedException {
        if (!launch()) {
            throw new IllegalStateException("redis-server did not restart on port " + port);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
