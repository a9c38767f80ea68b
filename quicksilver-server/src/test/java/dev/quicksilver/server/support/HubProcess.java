package dev.quicksilver.server.support;

import dev.quicksilver.server.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub as a separate process ({@code java -cp <test classpath> Main}), configured by
 * environment variables, on a free loopback port. It can be stopped by SIGTERM or killed by SIGKILL.
 */
public final class HubProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder log = new StringBuilder();
    private final int port;

    private HubProcess(Map<String, String> env, List<String> jvmOptions) throws InterruptedException, IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("QUICKSILVER_ADDR", "127.0.0.1:0");
        if (TestHub.IO_TRANSPORT != null) {
            builder.environment().put("QUICKSILVER_IO_TRANSPORT", TestHub.IO_TRANSPORT.label());
        }
        builder.environment().putAll(env);
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "hub-process-log");
        reader.setDaemon(true);
        reader.start();
        int found = -1;
        while (found < 0) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException("the hub did not start; log so far:\n" + log);
            }
            log.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                found = Integer.parseInt(m.group(1));
            }
        }
        this.port = found;
    }

    public static HubProcess start(Map<String, String> env) {
        return start(env, List.of());
    }

    /** @param jvmOptions options for the hub's JVM, such as {@code -Xmx20m} */
    public static HubProcess start(Map<String, String> env, List<String> jvmOptions) {
        try {
            return new HubProcess(env, jvmOptions);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The process id, to act on the process from outside (a resource limit, a signal). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The log lines read so far. */
    public String log() {
        List<String> rest = List.copyOf(lines);
        lines.removeAll(rest);
        rest.forEach(l -> log.append(l).append('\n'));
        return log.toString();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, and waits for the graceful stop. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
