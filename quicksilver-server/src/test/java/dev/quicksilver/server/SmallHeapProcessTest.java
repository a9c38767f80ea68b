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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A small heap, for real: a hub process with {@code -Xmx20m} and its history in memory takes
 * publishes of nearly the largest body it accepts, from several publishers at once. Before the
 * history was bounded in bytes it filled the heap, and every publish after went unanswered.
 */
class SmallHeapProcessTest {
    private static final String SECRET = "small-heap-process-test-secret-0123456789";
    private static final String TOPIC = "https://example.com/heap";
    private static final String PUBLISHER = Tokens.mercure(SECRET, "[\"*\"]", null);
    private static final String SUBSCRIBER = Tokens.mercure(SECRET, null, "[\"*\"]");
    private static final int PUBLISHERS = 8;
    private static final int EACH = 10;
    /** With the form's other fields, just under the default largest body (1 MiB). */
    private static final String LARGE = "x".repeat(1_000_000);

    @Test
    @DisplayName("a 20 MB heap, history in memory, 80 publishes of 1 MB from 8 publishers: every one answered, "
            + "200 or 503; the history within its byte budget (a quarter of the heap); healthy after")
    void largePublishesOnASmallHeap() throws Exception {
        Map<String, String> env = Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", SECRET,
                "QUICKSILVER_SUBSCRIBER_JWT_KEY", SECRET, "QUICKSILVER_HISTORY", "memory");
        try (HubProcess hub = HubProcess.start(env, List.of("-Xmx20m", "-XX:+UseSerialGC"))) {
            Set<Integer> statuses = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < PUBLISHERS; t++) {
                int thread = t;
                Thread publisher = new Thread(() -> {
                    for (int i = 0; i < EACH; i++) {
                        String id = "big-" + thread + "-" + i;
                        try {
                            HttpResponse<String> r = TestHub.HTTP.send(publish(hub, id, LARGE),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.add(r.statusCode());
                            if (r.statusCode() == 200) {
                                stored.add(id);
                            }
                        } catch (IOException e) {
                            unanswered.add(id + ": " + e);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "publisher-" + t);
                publishers.add(publisher);
                publisher.start();
            }
            for (Thread publisher : publishers) {
                publisher.join(120_000);
            }
            assertThat(unanswered).as("publishes with no answer").isEmpty();
            assertThat(statuses).as("every answer is 200 or 503").isSubsetOf(200, 503);
            assertThat(stored).isNotEmpty();
            assertThat(TestHub.send(publish(hub, "small", "small")).statusCode()).isEqualTo(200);
            assertThat(TestHub.send(HttpRequest.newBuilder(hub.uri("/healthz")).GET().build()).statusCode())
                    .isEqualTo(200);
            // A quarter of 20 MB holds one of these events (2 bytes a character are counted), and the small one.
            try (SseClient replay = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                    Map.of("Authorization", "Bearer " + SUBSCRIBER, "Last-Event-ID", "earliest"))) {
                List<SseEvent> kept = replay.drain(Duration.ofSeconds(2));
                assertThat(kept).extracting(SseEvent::id).hasSizeLessThanOrEqualTo(2).endsWith("small");
            }
            assertThat(hub.alive()).isTrue();
            assertThat(hub.log()).containsPattern("history: in memory, 10000 events, at most 4\\.[0-9] MiB").doesNotContain("Exception in");
        }
    }

    private static HttpRequest publish(HubProcess hub, String id, String data) {
        return HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("id=" + id + "&data=" + data + "&topic="
                        + TestHub.encode(TOPIC))).build();
    }
}
