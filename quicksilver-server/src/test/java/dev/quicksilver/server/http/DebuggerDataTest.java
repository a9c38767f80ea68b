package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.MetricsConfig;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the debugger page asks the hub: {@code /.well-known/mercure/debug/config} and {@code …/stats}. */
class DebuggerDataTest {
    private static final String CONFIG = "/.well-known/mercure/debug/config";
    private static final String STATS = "/.well-known/mercure/debug/stats";

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        return JSONObjectUtils.parse(response.body());
    }

    /** The hub as the README's talk quick start starts it, on a free port. */
    private static HubConfig loaded(Map<String, String> env) throws Exception {
        return ConfigLoader.load(env, Map.of(), Map.of()).config().toBuilder()
                .listen(l -> l.host("127.0.0.1").port(0)).build();
    }

    @Test
    @DisplayName("config: the features the page may offer, and never the hub's key when it is not a documented example")
    void config() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.demo(true).subscriptions(true)))) {
            Map<String, Object> config = json(hub.get(CONFIG, Map.of()));
            assertThat(config).containsEntry("public_url", hub.server().hub().publicUrl())
                    .containsEntry("subscriptions", true).containsEntry("demo", true)
                    .containsEntry("cookie_name", "mercureAuthorization").containsEntry("authorization_query", false)
                    .containsEntry("dialects", List.of("legacy")).doesNotContainKey("development_key");
            assertThat(hub.get(CONFIG, Map.of()).body()).doesNotContain(TestHub.SECRET);
        }
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(false)))) {
            assertThat(hub.get(CONFIG, Map.of()).statusCode()).isEqualTo(404);
            assertThat(hub.get(STATS, Map.of()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("config: demo mode with README's example key !ChangeMe! names it for the token builder; the same key "
            + "without demo mode, or another key in demo mode, is never named")
    void documentedKey() throws Exception {
        try (TestHub hub = TestHub.start(loaded(Map.of("JWT_KEY", "!ChangeMe!", "DEMO", "1")))) {
            assertThat(json(hub.get(CONFIG, Map.of())).get("development_key"))
                    .isEqualTo(Map.of("key", "!ChangeMe!", "alg", "HS256", "dialect", "targets"));
        }
        try (TestHub hub = TestHub.start(loaded(Map.of("JWT_KEY", "!ChangeMe!")))) {
            assertThat(json(hub.get(CONFIG, Map.of()))).doesNotContainKey("development_key");
            assertThat(hub.get(CONFIG, Map.of()).body()).doesNotContain("!ChangeMe!");
        }
        try (TestHub hub = TestHub.start(loaded(Map.of("JWT_KEY", "a-key-of-my-own-0123456789abcdef", "DEMO", "1")))) {
            assertThat(hub.get(CONFIG, Map.of()).body()).doesNotContain("a-key-of-my-own");
        }
    }

    @Test
    @DisplayName("stats: connections, selectors and updates counted as they happen, where /metrics is public on this "
            + "port; a 404 that says why when the metrics are on their own listener")
    void stats() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.metrics(new MetricsConfig(true, null)))) {
            assertThat(json(hub.get(STATS, Map.of()))).containsEntry("subscribers", 0L).containsEntry("updates_total", 0L);
            try (SseClient s = hub.subscribeWithToken(TestHub.allAccess(), "https://example.com/a", "https://example.com/b")) {
                assertThat(s.status()).isEqualTo(200);
                hub.publish("one", "https://example.com/a");
                assertThat(s.next()).isNotNull();
                Map<String, Object> stats = json(hub.get(STATS, Map.of()));
                assertThat(stats).containsEntry("subscribers", 1L).containsEntry("subscriptions", 2L)
                        .containsEntry("updates_total", 1L).containsEntry("history_events", 1L);
                // A shard makes its delivery count visible after the write that the client may already have read.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!stats.get("deliveries_total").equals(1L) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                    stats = json(hub.get(STATS, Map.of()));
                }
                assertThat(stats).containsEntry("deliveries_total", 1L);
            }
        }
        try (TestHub hub = TestHub.start(loaded(Map.of("QUICKSILVER_METRICS_ADDR", "127.0.0.1:0")))) {
            HttpResponse<String> refused = hub.get(STATS, Map.of());
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("QUICKSILVER_METRICS_ADDR");
            assertThat(json(hub.get(CONFIG, Map.of()))).containsEntry("stats", false);
        }
        try (TestHub hub = TestHub.start(loaded(Map.of("QUICKSILVER_METRICS_ADDR", "127.0.0.1:0", "DEMO", "1")))) {
            assertThat(json(hub.get(STATS, Map.of()))).containsEntry("subscribers", 0L);
        }
    }
}
