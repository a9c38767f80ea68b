package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.SseClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hub as a process: started from environment variables, stopped by SIGTERM. */
class MainProcessTest {
    @org.junit.jupiter.api.io.TempDir
    Path dataDir;
    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

    @Test
    @DisplayName("--help prints every option without a picocli warning, a '%' in a description as itself")
    void helpHasNoFormatWarning() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dataDir.resolve("help.txt");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--help").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(output);
            assertThat(process.exitValue()).as(out).isZero();
            // The write-timeout description says "80-100%": picocli once warned about it three times.
            assertThat(out).doesNotContain("picocli").doesNotContain("%%").contains("--stream-max-life")
                    .contains("80-100%");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("one start-up line with the effective configuration, secrets masked; SIGTERM ends streams cleanly")
    void startAndTerminate() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true);
        builder.environment().put("ADDR", "127.0.0.1:0");
        builder.environment().put("JWT_KEY", "process-test-secret-do-not-log");
        builder.environment().put("ALLOW_ANONYMOUS", "1");
        // The default data dir is relative to the working directory: keep the history out of the tree.
        builder.environment().put("QUICKSILVER_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            StringBuilder log = new StringBuilder();
            int port = -1;
            while (port < 0) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("the hub did not start; log so far:\n" + log).isNotNull();
                log.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(log.toString()).contains("starting with addr=127.0.0.1:0")
                    .contains("publisher-keys=[JWT_KEY:targets:default-alg:***]")
                    .doesNotContain("process-test-secret-do-not-log");
            assertThat(log.toString().lines().filter(l -> l.contains("starting with"))).hasSize(1);

            try (SseClient client = SseClient.open(URI.create("http://127.0.0.1:" + port + "/hub?topic=t"))) {
                assertThat(client.status()).isEqualTo(200);
                // SIGTERM. Not process.destroy(): it also closes our end of the child's output.
                process.toHandle().destroy();
                assertThat(client.awaitEnd(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            List<String> rest = List.copyOf(lines);
            assertThat(rest).as(String.join("\n", rest)).anyMatch(l -> l.contains("shutting down")).anyMatch(l -> l.contains("stopped"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("a start that fails (the data directory is a file) exits at once with status 1 and its reason")
    void failedStartExitsAtOnce() throws Exception {
        Path file = java.nio.file.Files.writeString(dataDir.resolve("not-a-directory"), "x");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true);
        builder.environment().put("ADDR", "127.0.0.1:0");
        builder.environment().put("JWT_KEY", "process-test-secret-do-not-log");
        builder.environment().put("QUICKSILVER_DATA_DIR", file.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        // Before the fix the shutdown hook waited 30 s for a start that had failed.
        boolean exited = process.waitFor(15, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("exited within 15 s; log:\n" + log).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(log).contains("cannot start").contains(file.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
