package dev.quicksilver.sqlite;

import static dev.quicksilver.sqlite.Stores.ids;
import static dev.quicksilver.sqlite.Stores.publish;
import static dev.quicksilver.sqlite.Stores.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.history.Replay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by count (history-size) and by age (history-max-age), with an injected clock. */
class RetentionTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteTransport transport;

    private Path file() {
        return dir.resolve("history.db");
    }

    private SqliteTransport open(int maxEvents, Duration maxAge) {
        transport = SqliteTransport.open(SqliteSettings.of(file()).withMaxEvents(maxEvents).withMaxAge(maxAge)
                .withClock(clock));
        return transport;
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    @DisplayName("by count: the writer deletes in batches of a tenth of the limit, readers see the newest N at once")
    void byCount() throws Exception {
        open(100, Duration.ZERO);
        for (int i = 0; i < 105; i++) {
            publish(transport, "e" + i);
        }
        // 5 past the limit, under the batch of 10: nothing deleted yet, but the replay is bounded.
        assertThat(Stores.rows(file())).isEqualTo(105);
        assertThat(replay(transport.history(), Replay.EARLIEST).events()).hasSize(100);
        assertThat(transport.history().size()).as("the size counts what a replay returns").isEqualTo(100);
        assertThat(replay(transport.history(), "e4").found()).isFalse();
        for (int i = 105; i < 110; i++) {
            publish(transport, "e" + i);
        }
        transport.barrier().join();
        assertThat(Stores.rows(file())).isEqualTo(100);
        assertThat(transport.history().size()).isEqualTo(100);
        assertThat(ids(replay(transport.history(), "e107"))).containsExactly("e108", "e109");
    }

    @Test
    @DisplayName("by count: a lowered limit at start-up is applied in chunks, without a publish")
    void loweredLimit() throws Exception {
        open(100_000, Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            transport.publish(dev.quicksilver.core.update.Update.of(java.util.List.of("t"), "x"));
        }
        publish(transport, "last");
        assertThat(transport.history().size()).isEqualTo(31);
        transport.close();
        open(100_000, Duration.ZERO);
        assertThat(transport.history().size()).as("counted at start-up from the sequences, not by a scan").isEqualTo(31);
        transport.close();
        open(3, Duration.ZERO);
        transport.barrier().join();
        assertThat(Stores.rows(file())).isEqualTo(3);
        assertThat(transport.history().size()).isEqualTo(3);
        assertThat(transport.history().lastEventId()).isEqualTo("last");
    }

    /** The bytes the store counts for each event of {@link #publishNumbered}: ids of the same length. */
    private static long each() {
        return dev.quicksilver.core.update.SseEncoder.encode(Stores.update("e000")).length;
    }

    private void publishNumbered(int from, int to) {
        for (int i = from; i < to; i++) {
            publish(transport, String.format("e%03d", i));
        }
    }

    @Test
    @DisplayName("by bytes: readers see at once the newest events that fit; the writer deletes the rest")
    void byBytes() throws Exception {
        transport = SqliteTransport.open(SqliteSettings.of(file()).withMaxEvents(1_000).withMaxBytes(10 * each()));
        publishNumbered(0, 25);
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).hasSize(10).startsWith("e015").endsWith("e024");
        assertThat(replay(transport.history(), "e014").found()).isFalse();
        assertThat(ids(replay(transport.history(), "e022"))).containsExactly("e023", "e024");
        transport.barrier().join();
        assertThat(Stores.rows(file())).isEqualTo(10);
        assertThat(transport.history().size()).isEqualTo(10);
    }

    @Test
    @DisplayName("by bytes: a limit lowered at start-up applies at once, and the writer catches up without a publish")
    void loweredByteLimit() throws Exception {
        transport = SqliteTransport.open(SqliteSettings.of(file()).withMaxEvents(1_000));
        publishNumbered(0, 30);
        transport.close();
        transport = SqliteTransport.open(SqliteSettings.of(file()).withMaxEvents(1_000).withMaxBytes(3 * each()));
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactly("e027", "e028", "e029");
        transport.barrier().join();
        assertThat(Stores.rows(file())).isEqualTo(3);
        assertThat(transport.history().lastEventId()).isEqualTo("e029");
    }

    @Test
    @DisplayName("by age: expired events are skipped by readers at once and deleted by the writer")
    void byAge() throws Exception {
        open(1_000, Duration.ofMinutes(10));
        publish(transport, "old1");
        publish(transport, "old2");
        clock.advance(Duration.ofMinutes(6));
        publish(transport, "mid");
        clock.advance(Duration.ofMinutes(5)); // old1 and old2 are 11 minutes old, mid 5
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactly("mid");
        assertThat(replay(transport.history(), "old2").found()).isFalse();
        assertThat(replay(transport.history(), "mid").found()).isTrue();
        publish(transport, "new");
        transport.barrier().join();
        assertThat(Stores.rows(file())).isEqualTo(2);
        assertThat(ids(replay(transport.history(), "mid"))).containsExactly("new");
        clock.advance(Duration.ofHours(1));
        assertThat(replay(transport.history(), Replay.EARLIEST).events()).isEmpty();
        transport.barrier().join();
        assertThat(Stores.rows(file())).isZero();
    }

    @Test
    @DisplayName("by age and count together: both limits apply")
    void both() {
        open(2, Duration.ofMinutes(1));
        publish(transport, "a");
        clock.advance(Duration.ofMinutes(2));
        publish(transport, "b");
        publish(transport, "c");
        publish(transport, "d");
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactly("c", "d");
    }

    @Test
    @DisplayName("a clock that goes back does not let an event expire before the one stored ahead of it (no hole)")
    void clockGoesBack() {
        open(1_000, Duration.ofMinutes(10));
        publish(transport, "a");
        clock.advance(Duration.ofMinutes(-5));
        publish(transport, "b"); // stored with a's time, not 5 minutes before it
        clock.advance(Duration.ofMinutes(12)); // 7 minutes after a
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactly("a", "b");
        clock.advance(Duration.ofMinutes(4));
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).isEmpty();
    }
}
