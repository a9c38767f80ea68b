package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.HubProcess;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable history as an operator meets it: a real hub process, killed and restarted on the same data dir. */
class DurableHistoryProcessTest {
    private static final String SECRET = "durable-history-test-secret-0123456789";
    private static final String TOPIC = "https://example.com/kill";
    private static final String PUBLISHER = Tokens.mercure(SECRET, "[\"*\"]", null);
    private static final String SUBSCRIBER = Tokens.mercure(SECRET, null, "[\"*\"]");

    @TempDir
    Path dataDir;

    private Map<String, String> env(String sync) {
        return Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", SECRET, "QUICKSILVER_SUBSCRIBER_JWT_KEY", SECRET,
                "QUICKSILVER_DATA_DIR", dataDir.toString(), "QUICKSILVER_HISTORY_SYNC", sync,
                "QUICKSILVER_HISTORY_SIZE", "1000000");
    }

    @Test
    @DisplayName("kill -9 in the middle of a publish load loses no update that was answered 200")
    void killLosesNothingAnswered() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        try (HubProcess hub = HubProcess.start(env("full"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                Thread publisher = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            HttpResponse<String> r = http.send(publish(hub.uri("/.well-known/mercure"),
                                    "data=" + thread + "-" + i + "&topic=" + TestHub.encode(TOPIC)),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.add(r.body());
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet(); // the hub is gone: this publish was never answered
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "publisher-" + t);
                publishers.add(publisher);
                publisher.start();
            }
            // Kill in the middle of the load: publishes are in flight, some committed and not yet answered.
            // A deadline, not only a count: an fsync per commit on a loaded machine can be slow.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (answered.size() < 1_500 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            hub.kill();
            Thread.sleep(200);
            stop.set(true);
            for (Thread publisher : publishers) {
                publisher.join(5_000);
            }
            assertThat(answered).as("publishes answered before the kill").hasSizeGreaterThanOrEqualTo(300);
        }

        try (HubProcess hub = HubProcess.start(env("full"));
                SseClient replay = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + SUBSCRIBER, "Last-Event-ID", "earliest"))) {
            assertThat(replay.status()).isEqualTo(200);
            List<SseEvent> events = replay.drain(Duration.ofSeconds(5));
            Set<String> stored = events.stream().map(SseEvent::id).collect(Collectors.toSet());
            Set<String> lost = new HashSet<>(answered);
            lost.removeAll(stored);
            System.out.printf("kill test: %d answered 200 before the kill, %d failed, %d stored after the restart%n",
                    answered.size(), failures.get(), stored.size());
            assertThat(lost).as("answered 200 before the kill, missing after the restart (%d answered, %d "
                    + "stored)", answered.size(), stored.size()).isEmpty();
            assertThat(stored).as("no event twice").hasSize(events.size());
        }
    }

    @Test
    @DisplayName("after a restart, a Last-Event-ID reconnection is served from the store, then live events follow")
    void reconnectionAfterRestart() throws Exception {
        try (HubProcess hub = HubProcess.start(env("normal"))) {
            for (String id : List.of("a", "b", "c")) {
                assertThat(post(hub, id).statusCode()).isEqualTo(200);
            }
            assertThat(hub.stop(Duration.ofSeconds(15))).isTrue();
        }
        try (HubProcess hub = HubProcess.start(env("normal"));
                SseClient client = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + SUBSCRIBER, "Last-Event-ID", "a"))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Last-Event-ID")).hasValue("a");
            assertThat(client.next(Duration.ofSeconds(5)).id()).isEqualTo("b");
            assertThat(client.next(Duration.ofSeconds(5)).id()).isEqualTo("c");
            assertThat(post(hub, "d").statusCode()).isEqualTo(200);
            SseEvent live = client.next(Duration.ofSeconds(5));
            assertThat(live.id()).isEqualTo("d");
            assertThat(live.data()).isEqualTo("d");
            assertThat(hub.log()).contains("history: ").contains("last event c");
        }
    }

    private static HttpResponse<String> post(HubProcess hub, String id) {
        return TestHub.send(publish(hub.uri("/.well-known/mercure"), "id=" + id + "&data=" + id + "&topic="
                + TestHub.encode(TOPIC)));
    }

    private static HttpRequest publish(URI uri, String form) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
