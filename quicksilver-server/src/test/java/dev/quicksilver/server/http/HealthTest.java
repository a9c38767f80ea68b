package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.config.MetricsConfig;
import dev.quicksilver.server.support.TestHub;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz}, on the main port and on the admin listener, follows whether updates can be
 * stored; so does {@code /readyz} (see also ReadinessTest); {@code /livez} stays 200.
 */
class HealthTest {
    @TempDir
    Path dataDir;

    @Test
    @DisplayName("while the history file is locked by another program: publishes 503, /healthz 503 with the reason "
            + "on both listeners; once released, the next publish is stored and /healthz is 200 again")
    void followsTheStore() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.history(h -> h.store(HistoryStore.SQLITE).dataDir(dataDir))
                .metrics(new MetricsConfig(true, new ListenAddress("127.0.0.1", 0))))) {
            List<URI> health = List.of(hub.uri("/healthz"),
                    URI.create("http://127.0.0.1:" + hub.server().metricsPort() + "/healthz"));
            assertThat(hub.publish("a", "https://example.com/h").statusCode()).isEqualTo(200);
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("history.db"));
                    Statement s = other.createStatement()) {
                // Holds the write lock: the writer waits its busy timeout, then fails. So does its own probe.
                s.execute("BEGIN EXCLUSIVE");
                HttpResponse<String> refused = hub.publish("b", "https://example.com/h");
                assertThat(refused.statusCode()).isEqualTo(503);
                for (URI uri : health) {
                    HttpResponse<String> r = get(uri);
                    assertThat(r.statusCode()).as(uri.toString()).isEqualTo(503);
                    assertThat(r.body()).startsWith("unhealthy: ").contains("history.db")
                            .contains("locked by another program");
                    HttpResponse<String> ready = get(uri.resolve("/readyz"));
                    assertThat(ready.statusCode()).as(uri.toString()).isEqualTo(503);
                    assertThat(ready.body()).startsWith("not ready: ").contains("locked by another program");
                    // Liveness stays up: the process serves, only storing fails.
                    HttpResponse<String> live = get(uri.resolve("/livez"));
                    assertThat(live.statusCode()).as(uri.toString()).isEqualTo(200);
                    assertThat(live.body()).isEqualTo("ok\n");
                }
                s.execute("ROLLBACK");
            }
            assertThat(hub.publish("c", "https://example.com/h").statusCode()).isEqualTo(200);
            for (URI uri : health) {
                HttpResponse<String> r = get(uri);
                assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("ok\n");
                assertThat(get(uri.resolve("/readyz")).statusCode()).as(uri.toString()).isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> get(URI uri) {
        return TestHub.send(HttpRequest.newBuilder(uri).GET().build());
    }
}
