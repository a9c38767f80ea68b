package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.config.MetricsConfig;
import dev.quicksilver.server.support.Scrape;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over real sockets: what each metric counts, the formats, and where it is served. */
class MetricsTest {
    private static final String TOPIC = "https://example.com/a";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static SseClient subscribe(TestHub hub, String query) {
        SseClient client = SseClient.open(hub.uri("/.well-known/mercure?" + query),
                Map.of("Authorization", "Bearer " + TestHub.allAccess()));
        assertThat(client.status()).as(query).isEqualTo(200);
        return client;
    }

    private static HttpResponse<String> publish(TestHub hub, String token, Map<String, String> headers) {
        return hub.post("/.well-known/mercure", token, "topic=" + TestHub.encode(TOPIC) + "&data=x", headers);
    }

    private static double failures(Scrape s, String cause) {
        return s.value("mercure_authorization_failures_total{cause=\"" + cause + "\"}");
    }

    @Test
    @DisplayName("subscribers, subscriptions by type, updates, deliveries, history and publish latency")
    void countsWhatHappens() {
        try (TestHub hub = TestHub.start(b -> b.threads(2))) {
            Scrape before = hub.metrics();
            assertThat(before.value("mercure_subscribers_connected")).isZero();
            assertThat(before.value("mercure_updates_total")).isZero();
            assertThat(before.value("mercure_deliveries_total")).isZero();
            assertThat(before.value("mercure_history_events")).isZero();
            assertThat(before.value("mercure_publish_duration_seconds_count")).isZero();
            assertThat(before.value("mercure_subscriptions{type=\"exact\"}")).isZero();

            try (SseClient exactAndTemplate = subscribe(hub,
                    "topic=" + TestHub.encode(TOPIC) + "&topic=" + TestHub.encode("https://example.com/{id}"));
                    SseClient all = subscribe(hub, "topic=*");
                    SseClient urlPattern = subscribe(hub,
                            "match_urlpattern=" + TestHub.encode("https://example.com/:id"))) {
                await().atMost(WAIT).until(() -> hub.metrics().value("mercure_subscribers_connected") == 3);
                Scrape subscribed = hub.metrics();
                assertThat(subscribed.value("mercure_subscriptions{type=\"exact\"}")).isEqualTo(1);
                assertThat(subscribed.value("mercure_subscriptions{type=\"template\"}")).isEqualTo(1);
                assertThat(subscribed.value("mercure_subscriptions{type=\"urlpattern\"}")).isEqualTo(1);
                assertThat(subscribed.value("mercure_subscriptions{type=\"all\"}")).isEqualTo(1);
                assertThat(subscribed.value("mercure_subscribers_total")).isEqualTo(3);

                assertThat(publish(hub, TestHub.allAccess(), Map.of()).statusCode()).isEqualTo(200);
                // Two selectors of one subscriber match: still one delivery to it.
                for (SseClient client : new SseClient[] {exactAndTemplate, all, urlPattern}) {
                    assertThat(client.next().data()).isEqualTo("x");
                }
                await().atMost(WAIT).until(() -> hub.metrics().value("mercure_deliveries_total") == 3);
                Scrape published = hub.metrics();
                assertThat(published.value("mercure_updates_total")).isEqualTo(1);
                assertThat(published.value("mercure_history_events")).isEqualTo(1);
                assertThat(published.value("mercure_publish_duration_seconds_count")).isEqualTo(1);
                assertThat(published.value("mercure_publish_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(1);
                assertThat(published.value("mercure_publish_duration_seconds_sum")).isPositive().isLessThan(5);
                assertThat(published.text().lines().filter(l -> l.startsWith("mercure_publish_duration_seconds_bucket")))
                        .as("13 classic buckets and +Inf").hasSize(14);
            }
            await().atMost(WAIT).until(() -> hub.metrics().value("mercure_subscribers_connected") == 0);
            Scrape after = hub.metrics();
            assertThat(after.value("mercure_subscriptions{type=\"exact\"}")).isZero();
            assertThat(after.value("mercure_subscriptions{type=\"urlpattern\"}")).isZero();
            assertThat(after.value("mercure_subscribers_total")).as("a counter, not a gauge").isEqualTo(3);
        }
    }

    @Test
    @DisplayName("replayed history events count as deliveries")
    void replayCounts() {
        try (TestHub hub = TestHub.start(b -> b.threads(1))) {
            String first = publish(hub, TestHub.allAccess(), Map.of()).body();
            publish(hub, TestHub.allAccess(), Map.of());
            publish(hub, TestHub.allAccess(), Map.of());
            try (SseClient late = subscribe(hub, "topic=*&lastEventID=" + TestHub.encode(first))) {
                late.next();
                late.next();
                await().atMost(WAIT).until(() -> hub.metrics().value("mercure_deliveries_total") == 2);
                assertThat(hub.metrics().value("mercure_history_events")).isEqualTo(3);
            }
        }
    }

    @Test
    @DisplayName("authorization failures are counted by cause")
    void authorizationFailures() {
        try (TestHub hub = TestHub.start(b -> b.threads(2))) {
            Scrape before = hub.metrics();
            for (String cause : new String[] {"missing_token", "malformed_token", "invalid_token", "expired_token",
                    "insufficient_scope", "cross_origin"}) {
                assertThat(failures(before, cause)).as(cause).isZero();
            }
            assertThat(publish(hub, null, Map.of()).statusCode()).isEqualTo(401);
            assertThat(publish(hub, null, Map.of("Authorization", "Basic YWxhZGRpbjpzZXNhbWU=")).statusCode())
                    .isEqualTo(400);
            String forged = Tokens.hs256("another-secret-0123456789abcdefghijk", "{\"mercure\":{\"publish\":[\"*\"]}}");
            assertThat(publish(hub, forged, Map.of()).statusCode()).isEqualTo(401);
            assertThat(publish(hub, forged, Map.of()).statusCode()).isEqualTo(401);
            String expired = Tokens.hs256(TestHub.SECRET, "{\"mercure\":{\"publish\":[\"*\"]},\"exp\":1}");
            assertThat(publish(hub, expired, Map.of()).statusCode()).isEqualTo(401);
            String subscribeOnly = Tokens.hs256(TestHub.SECRET, "{\"mercure\":{\"subscribe\":[\"*\"]}}");
            assertThat(publish(hub, subscribeOnly, Map.of()).statusCode()).isEqualTo(403);
            // A cookie-authorized publish from a page on another site (CSRF).
            assertThat(publish(hub, null, Map.of("Cookie", "mercureAuthorization=" + TestHub.allAccess(),
                    "Origin", "https://evil.example")).statusCode()).isEqualTo(400);
            try (SseClient anonymous = SseClient.open(hub.subscribeUri("*"))) {
                assertThat(anonymous.status()).isEqualTo(401);
            }

            Scrape after = hub.metrics();
            assertThat(failures(after, "missing_token")).as("a publish and a subscribe").isEqualTo(2);
            assertThat(failures(after, "malformed_token")).isEqualTo(1);
            assertThat(failures(after, "invalid_token")).isEqualTo(2);
            assertThat(failures(after, "expired_token")).isEqualTo(1);
            assertThat(failures(after, "insufficient_scope")).isEqualTo(1);
            assertThat(failures(after, "cross_origin")).isEqualTo(1);
            assertThat(after.value("mercure_updates_total")).as("refused publishes are not updates").isZero();
            assertThat(after.value("mercure_publish_duration_seconds_count")).isZero();
        }
    }

    @Test
    @DisplayName("the Prometheus text format by default, OpenMetrics when asked; the JVM's metrics too; GET and HEAD only")
    void formats() {
        try (TestHub hub = TestHub.start()) {
            HttpResponse<String> text = hub.get("/metrics", Map.of());
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body()).contains("# TYPE mercure_updates_total counter\n")
                    .contains("# TYPE mercure_subscribers_connected gauge\n")
                    .contains("# TYPE mercure_publish_duration_seconds histogram\n");
            Scrape scrape = Scrape.parse(text.body());
            assertThat(scrape.has("jvm_memory_used_bytes{area=\"heap\"}")).as("JVM metrics").isTrue();
            assertThat(scrape.value("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();

            HttpResponse<String> open = hub.get("/metrics",
                    Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
            assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/openmetrics-text"));
            assertThat(open.body()).endsWith("# EOF\n");

            HttpResponse<String> head = TestHub.send(HttpRequest.newBuilder(hub.uri("/metrics"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            HttpResponse<String> post = hub.post("/metrics", null, "", Map.of());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    @DisplayName("metrics-addr: /metrics and /healthz on the admin listener only, nothing of the protocol there")
    void adminListener() {
        try (TestHub hub = TestHub.start(b -> b.metrics(new MetricsConfig(true,
                new ListenAddress("127.0.0.1", 0))))) {
            int admin = hub.server().metricsPort();
            assertThat(admin).isPositive().isNotEqualTo(hub.port());
            String base = "http://127.0.0.1:" + admin;
            assertThat(publish(hub, TestHub.allAccess(), Map.of()).statusCode()).isEqualTo(200);
            assertThat(Scrape.of(base).value("mercure_updates_total")).isEqualTo(1);
            assertThat(hub.get("/metrics", Map.of()).statusCode()).as("not on the main port").isEqualTo(404);
            HttpResponse<String> health = TestHub.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            assertThat(TestHub.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/mercure?topic=*")).build())
                    .statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("metrics off: /metrics is not served")
    void off() {
        try (TestHub hub = TestHub.start(b -> b.metrics(new MetricsConfig(false, null)))) {
            assertThat(hub.get("/metrics", Map.of()).statusCode()).isEqualTo(404);
            assertThat(hub.server().metricsPort()).isEqualTo(-1);
        }
    }
}
