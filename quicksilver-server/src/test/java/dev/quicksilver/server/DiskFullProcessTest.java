package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.HubProcess;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a file-size limit on the hub process ({@code prlimit}, the soft limit
 * only, so that it can be lifted again without privileges) makes every write past it fail with
 * EFBIG, as a full disk fails them with ENOSPC; lifting it is space coming back.
 */
class DiskFullProcessTest {
    private static final String SECRET = "disk-full-process-test-secret-0123456789";
    private static final String TOPIC = "https://example.com/disk";
    private static final String PUBLISHER = Tokens.mercure(SECRET, "[\"*\"]", null);
    private static final String SUBSCRIBER = Tokens.mercure(SECRET, null, "[\"*\"]");
    /** Below the size the write-ahead log has from the first publish: every write of a page fails. */
    private static final String FULL = "4096";

    @TempDir
    Path dataDir;

    private Map<String, String> env() {
        return Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", SECRET, "QUICKSILVER_SUBSCRIBER_JWT_KEY", SECRET,
                "QUICKSILVER_DATA_DIR", dataDir.toString());
    }

    @Test
    @DisplayName("disk full: publishes answered 503 and /healthz 503 while it lasts, one log line; once space returns "
            + "the hub is healthy by itself, publishes are stored, and nothing acknowledged is lost")
    void diskFullThenSpaceReturns() throws Exception {
        try (HubProcess hub = HubProcess.start(env())) {
            assertThat(post(hub, "a").statusCode()).isEqualTo(200);
            assertThat(post(hub, "b").statusCode()).isEqualTo(200);
            assertThat(get(hub, "/healthz").statusCode()).isEqualTo(200);
            String softLimit = prlimit(hub.pid(), "--fsize", "--output=SOFT", "--noheadings", "--raw").strip();
            prlimit(hub.pid(), "--fsize=" + FULL + ":");
            try {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = post(hub, "lost" + i);
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.body()).isEqualTo("The update could not be stored.\n");
                }
                HttpResponse<String> health = get(hub, "/healthz");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).startsWith("unhealthy: ").contains("history.db").contains("cannot write");
            } finally {
                prlimit(hub.pid(), "--fsize=" + softLimit + ":");
            }
            // No publish: the writer tries a write of its own when idle, and health follows.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (get(hub, "/healthz").statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(get(hub, "/healthz").statusCode()).as("healthy again once space returned").isEqualTo(200);
            assertThat(post(hub, "c").statusCode()).isEqualTo(200);
            try (SseClient client = subscribe(hub, "a")) {
                assertThat(client.headers().firstValue("Last-Event-ID")).hasValue("a");
                assertThat(client.drain(Duration.ofSeconds(1))).extracting(SseEvent::id).containsExactly("b", "c");
            }
            String log = hub.log();
            assertThat(log.lines().filter(l -> l.contains("not stored"))).as(log).hasSize(1);
            assertThat(log).contains("stored again");
            assertThat(hub.stop(Duration.ofSeconds(15))).isTrue();
        }
        try (HubProcess hub = HubProcess.start(env()); SseClient client = subscribe(hub, "earliest")) {
            assertThat(client.drain(Duration.ofSeconds(1))).extracting(SseEvent::id).containsExactly("a", "b", "c");
        }
    }

    private static SseClient subscribe(HubProcess hub, String lastEventId) {
        SseClient client = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                Map.of("Authorization", "Bearer " + SUBSCRIBER, "Last-Event-ID", lastEventId));
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private static HttpResponse<String> post(HubProcess hub, String id) {
        return TestHub.send(HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("id=" + id + "&data=" + "x".repeat(10_000) + "&topic="
                        + TestHub.encode(TOPIC))).build());
    }

    private static HttpResponse<String> get(HubProcess hub, String path) {
        return TestHub.send(HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** Runs {@code prlimit --pid <pid> <args>}; its output. */
    static String prlimit(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("prlimit", "--pid", Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
        return out;
    }
}
