package dev.quicksilver.sqlite;

import static dev.quicksilver.sqlite.Stores.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.HistoryContract;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.SseEncoder;
import dev.quicksilver.core.update.Update;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable history answers reconnections as the in-memory ring does ({@link HistoryContract}), and more. */
@DisplayName("SqliteHistory: replay after an id (draft-08 Reconnection)")
class SqliteHistoryTest extends HistoryContract {
    @TempDir
    Path dir;
    private final List<SqliteTransport> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(SqliteTransport::close);
    }

    /** A store of its own (a file per call), filled with events of these ids. */
    private SqliteTransport transport(int capacity, String... ids) {
        return transport(capacity, SqliteSettings.DEFAULT_MAX_BYTES, ids);
    }

    private SqliteTransport transport(int capacity, long maxBytes, String... ids) {
        Path file = dir.resolve("history-" + opened.size() + ".db");
        SqliteTransport t = SqliteTransport.open(SqliteSettings.of(file).withMaxEvents(capacity).withMaxBytes(maxBytes));
        opened.add(t);
        for (String id : ids) {
            publish(t, id);
        }
        return t;
    }

    @Override
    protected History history(int capacity, String... ids) {
        return transport(capacity, ids).history();
    }

    @Override
    protected History history(int capacity, long maxBytes, String... ids) {
        return transport(capacity, maxBytes, ids).history();
    }

    /** The store counts an event's SSE bytes. */
    @Override
    protected long bytesOf(String id) {
        return SseEncoder.encode(Stores.update(id)).length;
    }

    @Test
    @DisplayName("lastEventId follows each publish: cached, no query on the caller's thread")
    void lastEventIdFollowsPublishes() {
        SqliteTransport t = transport(2);
        assertThat(t.history().lastEventId()).isEqualTo(Replay.EARLIEST);
        publish(t, "a");
        assertThat(t.history().lastEventId()).isEqualTo("a");
        publish(t, "b");
        publish(t, "c");
        assertThat(t.history().lastEventId()).isEqualTo("c");
    }

    @Test
    @DisplayName("replayed events carry their sequence, every field and the same SSE bytes as when published")
    void eventsReadBackWhole() {
        SqliteTransport t = transport(10);
        Update full = new Update("id-1", List.of("https://e/a", "https://e/b\nwith\\odd"), "line1\r\nline2", true,
                "kind", 2500, Set.of("t1", "t2"));
        Event published = t.publish(full).toCompletableFuture().join();
        Event typeless = publish(t, "id-2");
        Replay r = replay(t.history(), Replay.EARLIEST);
        assertThat(r.events()).hasSize(2);
        Event read = r.events().get(0);
        assertThat(read.sequence()).isEqualTo(published.sequence());
        assertThat(read.update()).isEqualTo(full);
        assertThat(new String(read.sse(), StandardCharsets.UTF_8)).isEqualTo(new String(published.sse(), StandardCharsets.UTF_8));
        assertThat(r.events().get(1).update()).isEqualTo(typeless.update());
        assertThat(r.events().get(1).update().type()).isNull();
    }

    @Test
    @DisplayName("reads run on a reader thread, never on the caller's")
    void readsOffTheCallersThread() {
        History h = history(10, "a");
        assertThat(replay(h, "a").found()).isTrue();
        // The pool starts its threads on demand: one exists only because the read ran there.
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(n -> n.startsWith("quicksilver-history-reader-"));
    }

    @Test
    @DisplayName("append is not the way in: the transport writes in batches")
    void appendRefused() {
        History h = history(10);
        assertThatThrownBy(() -> h.append(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("after close, a replay fails instead of hanging")
    void afterClose() {
        SqliteTransport t = transport(10, "a");
        t.close();
        assertThat(t.history().after("a").toCompletableFuture()).isCompletedExceptionally();
    }
}
