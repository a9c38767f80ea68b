package dev.quicksilver.sqlite;

import static dev.quicksilver.sqlite.Stores.ids;
import static dev.quicksilver.sqlite.Stores.publish;
import static dev.quicksilver.sqlite.Stores.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
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

/** The durable history answers reconnections as the in-memory ring does: R71, R75, R77, R80. */
@DisplayName("SqliteHistory: replay after an id (§1.5, R71, R75, R77, R80)")
class SqliteHistoryTest {
    @TempDir
    Path dir;
    private final List<SqliteTransport> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(SqliteTransport::close);
    }

    private SqliteTransport transport(int capacity, String... ids) {
        SqliteTransport t = SqliteTransport.open(SqliteSettings.of(dir.resolve("history.db")).withMaxEvents(capacity));
        opened.add(t);
        for (String id : ids) {
            publish(t, id);
        }
        return t;
    }

    private History history(int capacity, String... ids) {
        return transport(capacity, ids).history();
    }

    @Test
    @DisplayName("R71: after(id) gives the events after it, oldest first")
    void r71After() {
        History h = history(10, "a", "b", "c", "d");
        Replay r = replay(h, "b");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("c", "d");
        assertThat(ids(replay(h, "d"))).isEmpty();
        assertThat(replay(h, "d").found()).isTrue();
    }

    @Test
    @DisplayName("R77: 'earliest' gives the whole history in order")
    void r77Earliest() {
        Replay r = replay(history(10, "a", "b", "c"), Replay.EARLIEST);
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("R77: 'earliest' on an empty history is found and empty")
    void r77EarliestEmpty() {
        Replay r = replay(history(10), Replay.EARLIEST);
        assertThat(r.found()).isTrue();
        assertThat(r.events()).isEmpty();
    }

    @Test
    @DisplayName("R75: an unknown id -> found=false and nothing to replay; so is an empty history")
    void r75Unknown() {
        Replay r = replay(history(10, "a", "b"), "zzz");
        assertThat(r).isEqualTo(Replay.unknown());
    }

    @Test
    @DisplayName("R75: an empty history knows no id")
    void r75EmptyHistory() {
        assertThat(replay(history(10), "a").found()).isFalse();
    }

    @Test
    @DisplayName("R80: two events sharing id x -> the replay starts after the first one")
    void r80DuplicateIds() {
        assertThat(ids(replay(history(10, "x", "a", "x", "b"), "x"))).containsExactly("a", "x", "b");
    }

    @Test
    @DisplayName("count: capacity 3, 5 appends -> the 3 newest remain; an evicted id becomes unknown")
    void eviction() {
        History h = history(3, "a", "b", "c", "d", "e");
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("c", "d", "e");
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(replay(h, "b").found()).isFalse();
        assertThat(ids(replay(h, "c"))).containsExactly("d", "e");
        assertThat(h.lastEventId()).isEqualTo("e");
    }

    @Test
    @DisplayName("R80 + count: when the first copy of x is gone, x resolves to the oldest copy still kept")
    void duplicateSurvivesEvictionOfItsFirstCopy() {
        History h = history(3, "x", "a", "x", "b");
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("a", "x", "b");
        assertThat(ids(replay(h, "x"))).containsExactly("b");
    }

    @Test
    @DisplayName("R80 + count: once every copy is gone, the id is unknown")
    void everyCopyEvicted() {
        History h = history(2, "x", "x", "a", "b");
        assertThat(replay(h, "x").found()).isFalse();
        assertThat(ids(replay(h, "a"))).containsExactly("b");
    }

    @Test
    @DisplayName("capacity 0 keeps nothing: every id unknown, earliest empty, lastEventId earliest")
    void capacityZero() {
        History h = history(0, "a", "b");
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(replay(h, Replay.EARLIEST).events()).isEmpty();
        assertThat(h.lastEventId()).isEqualTo(Replay.EARLIEST);
    }

    @Test
    @DisplayName("lastEventId: 'earliest' when empty, then the newest id, cached (no query on the caller's thread)")
    void lastEventId() {
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
