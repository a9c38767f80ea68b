package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The limits of one node's own history (docs/history.md): by count and by bytes. A cluster's
 * history is bounded by Redis, which keeps at least 100 events and has no byte budget
 * (docs/cluster.md), so these run on one node only; the rest of reconnection is {@link HistoryTest}'s.
 */
class HistoryLimitsTest {
    @Test
    @DisplayName("historySize(3): the oldest id falls out and becomes unknown (earliest, no replay)")
    void historyLimit() {
        try (TestHub small = TestHub.start(b -> b.threads(1).anonymous(true).history(h -> h.size(3)))) {
            String t = HistoryTest.topic("small");
            for (int i = 1; i <= 4; i++) {
                HistoryTest.publish(small, t, "s-" + i);
            }
            try (SseClient c = HistoryTest.withHeader(small, t, "s-2")) {
                assertThat(HistoryTest.cursor(c)).isEqualTo("s-2");
                assertThat(HistoryTest.nextIds(c, 2)).containsExactly("s-3", "s-4");
            }
            try (SseClient c = HistoryTest.withHeader(small, t, "s-1")) {
                assertThat(HistoryTest.cursor(c)).isEqualTo("earliest");
                HistoryTest.assertNothingBefore(small, t, c);
            }
            try (SseClient c = SseClient.open(URI.create(small.subscribeUri(t) + "&last_event_id=earliest"))) {
                // The first block's marker was published after s-4: the history holds s-3, s-4 and it.
                List<String> ids = HistoryTest.nextIds(c, 3);
                assertThat(ids).startsWith("s-3", "s-4");
                assertThat(ids.get(2)).startsWith("marker-");
            }
        }
    }

    @Test
    @DisplayName("history-max-bytes: events past the byte budget fall out oldest first, whatever their count")
    void historyBytes() {
        // 200 KiB, and events of 20,000 characters, about 60 KB each in memory (their SSE bytes and their
        // data as a string): three fit, the first of four falls out.
        try (TestHub small = TestHub.start(b -> b.threads(1).anonymous(true).history(h -> h.maxBytes(200 * 1024)))) {
            String t = HistoryTest.topic("bytes");
            String data = "x".repeat(20_000);
            for (int i = 1; i <= 4; i++) {
                small.post(TestHub.allAccess(), "topic=" + TestHub.encode(t) + "&id=b-" + i + "&data=" + data);
            }
            try (SseClient c = HistoryTest.withHeader(small, t, "b-1")) {
                assertThat(HistoryTest.cursor(c)).isEqualTo("earliest");
            }
            try (SseClient c = HistoryTest.withHeader(small, t, "b-2")) {
                assertThat(HistoryTest.cursor(c)).isEqualTo("b-2");
                assertThat(HistoryTest.nextIds(c, 2)).containsExactly("b-3", "b-4");
            }
        }
    }
}
