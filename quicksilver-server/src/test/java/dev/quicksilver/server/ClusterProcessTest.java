package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.redis.RedisServer;
import dev.quicksilver.server.support.HubProcess;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode as an operator runs it: two hub processes and a real redis-server, each started by the test. */
class ClusterProcessTest {
    private static final String SECRET = "cluster-test-secret-0123456789-abcdef";
    private static final String TOPIC = "https://example.com/cluster";
    private static final String PUBLISHER = Tokens.mercure(SECRET, "[\"*\"]", null);
    private static final String SUBSCRIBER = Tokens.mercure(SECRET, null, "[\"*\"]");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static Map<String, String> env(RedisServer redis) {
        return Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", SECRET, "QUICKSILVER_SUBSCRIBER_JWT_KEY", SECRET,
                "QUICKSILVER_TRANSPORT", redis.url(), "QUICKSILVER_DATA_DIR", "");
    }

    @Test
    @DisplayName("subscriber on one node, publisher on the other; the subscriber's node is killed with kill -9 and it "
            + "resumes on the other node with Last-Event-ID, missing nothing and receiving nothing twice")
    void killNode() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                HubProcess a = node(redis);
                HubProcess b = node(redis)) {
            List<String> published = new ArrayList<>();
            List<String> received = new ArrayList<>();
            try (SseClient onA = subscribe(a, null)) {
                assertThat(onA.status()).isEqualTo(200);
                for (int i = 0; i < 20; i++) {
                    published.add(publish(b, "first-" + i).body());
                }
                for (int i = 0; i < 20; i++) {
                    received.add(onA.next(PATIENCE).id());
                }
                assertThat(received).isEqualTo(published);
                a.kill();
                // Published while the subscriber is away: it must get them on reconnection.
                for (int i = 0; i < 10; i++) {
                    published.add(publish(b, "gap-" + i).body());
                }
            }
            try (SseClient onB = subscribe(b, received.get(received.size() - 1))) {
                assertThat(onB.status()).isEqualTo(200);
                for (int i = 0; i < 10; i++) {
                    published.add(publish(b, "after-" + i).body());
                }
                for (int i = 0; i < 20; i++) {
                    received.add(onB.next(PATIENCE).id());
                }
                assertThat(received).isEqualTo(published);
                assertThat(onB.drain(Duration.ofMillis(300))).as("nothing twice").isEmpty();
            }
        }
    }

    @Test
    @DisplayName("Redis killed: publishes answer 503 with Retry-After and /healthz says unhealthy, the open stream "
            + "stays up, a reconnection with Last-Event-ID answers 503; Redis restarted: delivery resumes where it "
            + "stopped, every acknowledged update arrives, and the reconnection is replayed")
    void redisDown() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                HubProcess a = node(redis);
                HubProcess b = node(redis)) {
            try (SseClient onA = subscribe(a, null)) {
                String before = publish(b, "before").body();
                assertThat(onA.next(PATIENCE).id()).isEqualTo(before);
                redis.kill();
                HttpResponse<String> refused = publish(b, "while down");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                await().atMost(PATIENCE).until(() -> health(a) == 503);
                // A reconnection cannot be replayed now: 503, so that the client retries, never "earliest".
                try (SseClient reconnecting = subscribe(b, before)) {
                    assertThat(reconnecting.status()).isEqualTo(503);
                    assertThat(reconnecting.headers().firstValue("Retry-After")).isPresent();
                    assertThat(reconnecting.errorBody()).contains("cannot be replayed");
                }
                redis.restart();
                awaitReady(a);
                awaitReady(b);
                String after = publish(b, "after").body();
                SseEvent next = onA.next(PATIENCE);
                assertThat(next.id()).isEqualTo(after);
                assertThat(next.data()).isEqualTo("after");
                try (SseClient retried = subscribe(b, before)) {
                    assertThat(retried.status()).isEqualTo(200);
                    assertThat(retried.headers().firstValue("Last-Event-ID")).contains(before);
                    assertThat(retried.next(PATIENCE).id()).as("the replay after Redis returned").isEqualTo(after);
                }
            }
        }
    }

    @Test
    @DisplayName("subscription events cross the cluster: a subscription opened on one node is announced to a "
            + "watcher on the other, and so is its end")
    void subscriptionEvents() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                HubProcess a = withSubscriptions(redis);
                HubProcess b = withSubscriptions(redis);
                SseClient watcher = SseClient.open(a.uri("/.well-known/mercure?topic="
                        + TestHub.encode("/.well-known/mercure/subscriptions/{topic}/{subscriber}")),
                        Map.of("Authorization", "Bearer " + SUBSCRIBER))) {
            assertThat(watcher.status()).isEqualTo(200);
            try (SseClient onB = subscribe(b, null)) {
                assertThat(onB.status()).isEqualTo(200);
                assertThat(nextAbout(watcher, TOPIC).data()).contains("\"active\":true");
            }
            assertThat(nextAbout(watcher, TOPIC).data()).contains("\"active\":false");
        }
    }

    @Test
    @DisplayName("cluster.md Subscriptions API: a subscriber on one node is listed by the other node's subscriptions "
            + "API; its node killed with kill -9, it leaves the listing within the TTL")
    void subscriptionsAcrossNodes() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                HubProcess a = withSubscriptions(redis);
                HubProcess b = withSubscriptions(redis);
                SseClient onA = subscribe(a, null)) {
            assertThat(onA.status()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> subscriptions(b).contains(Subscriptions.encodeSegment(TOPIC)));
            assertThat(subscriptions(a)).contains(Subscriptions.encodeSegment(TOPIC));
            a.kill();
            long killed = System.nanoTime();
            // The TTL (15 s) bounds it; a few seconds more for the test's polling and a busy machine.
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !subscriptions(b).contains(Subscriptions.encodeSegment(TOPIC)));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(25));
        }
    }

    /** The whole subscriptions collection as a node answers it. */
    private static String subscriptions(HubProcess hub) {
        HttpResponse<String> response = TestHub.send(HttpRequest.newBuilder(hub.uri("/.well-known/mercure/subscriptions"))
                .header("Authorization", "Bearer " + SUBSCRIBER).timeout(Duration.ofSeconds(5)).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The next subscription event about a subscription to this topic, skipping others (the watcher's own). */
    private static SseEvent nextAbout(SseClient watcher, String topic) {
        for (int i = 0; i < 10; i++) {
            SseEvent e = watcher.next(PATIENCE);
            if (e.data().contains(topic)) {
                return e;
            }
        }
        throw new AssertionError("no subscription event about " + topic);
    }

    /** A node with subscription events and the subscriptions API on. */
    private static HubProcess withSubscriptions(RedisServer redis) {
        return node(redis, Map.of("QUICKSILVER_SUBSCRIPTIONS", "true"));
    }

    /** A hub node of the cluster, once it is ready. */
    private static HubProcess node(RedisServer redis) {
        return node(redis, Map.of());
    }

    private static HubProcess node(RedisServer redis, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(env(redis));
        env.putAll(more);
        HubProcess hub = HubProcess.start(env);
        awaitReady(hub);
        return hub;
    }

    private static void awaitReady(HubProcess hub) {
        await().atMost(PATIENCE).until(() -> health(hub) == 200);
    }

    private static int health(HubProcess hub) {
        return TestHub.send(HttpRequest.newBuilder(hub.uri("/healthz")).timeout(Duration.ofSeconds(5)).GET().build())
                .statusCode();
    }

    private static SseClient subscribe(HubProcess hub, String lastEventId) {
        Map<String, String> headers = lastEventId == null ? Map.of("Authorization", "Bearer " + SUBSCRIBER)
                : Map.of("Authorization", "Bearer " + SUBSCRIBER, "Last-Event-ID", lastEventId);
        return SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)), headers);
    }

    private static HttpResponse<String> publish(HubProcess hub, String data) {
        return TestHub.send(request(hub.uri("/.well-known/mercure"), "data=" + TestHub.encode(data) + "&topic="
                + TestHub.encode(TOPIC)));
    }

    private static HttpRequest request(URI uri, String form) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
