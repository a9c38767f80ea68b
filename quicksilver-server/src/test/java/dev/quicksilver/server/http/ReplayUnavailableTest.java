package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A reconnection whose history cannot be read (docs/cluster.md "Readiness and faults"): the hub's
 * history is in a Redis that does not answer (nothing listens on port 1), so every read fails.
 */
class ReplayUnavailableTest {
    private static final String TOPIC = "https://example.com/replay";
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(b -> b.anonymous(true).history(h -> h.transport("redis://127.0.0.1:1")));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    @DisplayName("cluster.md: Last-Event-ID (header) with the history unreadable answers 503 with Retry-After, not "
            + "earliest")
    void headerCursor() {
        try (SseClient client = SseClient.open(hub.subscribeUri(TOPIC), Map.of("Last-Event-ID", "urn:uuid:gone"))) {
            assertRefused(client);
        }
    }

    @Test
    @DisplayName("cluster.md: every era's query spelling of the cursor (last_event_id, lastEventID, Last-Event-ID) "
            + "is refused alike")
    void queryCursors() {
        for (String name : new String[] {"last_event_id", "lastEventID", "Last-Event-ID"}) {
            try (SseClient client = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC) + "&"
                    + name + "=earliest"), Map.of())) {
                assertRefused(client);
            }
        }
    }

    @Test
    @DisplayName("cluster.md: without a cursor there is nothing to replay, so the stream opens")
    void noCursorOpens() {
        try (SseClient client = SseClient.open(hub.subscribeUri(TOPIC), Map.of())) {
            assertThat(client.status()).isEqualTo(200);
        }
    }

    private static void assertRefused(SseClient client) {
        assertThat(client.status()).isEqualTo(503);
        assertThat(client.headers().firstValue("Retry-After")).contains("1");
        assertThat(client.errorBody()).contains("cannot be replayed");
    }
}
