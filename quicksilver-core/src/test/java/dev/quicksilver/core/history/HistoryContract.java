package dev.quicksilver.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.update.Event;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link History} answers a reconnecting subscriber (Mercure draft-08 "Reconnection, State
 * Reconciliation, and Event Sourcing"), whatever keeps the events. A store's test extends it and says
 * how to fill a history; its own tests add what only that store does. Published in quicksilver-core's
 * test-jar.
 */
public abstract class HistoryContract {

    /**
     * A history keeping at most {@code capacity} events, into which events with these ids were
     * stored in this order (the newest last); each call a new, independent history.
     */
    protected abstract History history(int capacity, String... ids);

    /**
     * As {@link #history(int, String...)}, and at most {@code maxBytes} bytes as this store counts
     * them ({@link #bytesOf}).
     */
    protected abstract History history(int capacity, long maxBytes, String... ids);

    /** The bytes this store counts for an event of {@link #history}'s making with this id. */
    protected abstract long bytesOf(String id);

    protected static Replay replay(History history, String lastEventId) {
        return history.after(lastEventId).toCompletableFuture().join();
    }

    protected static List<String> ids(Replay replay) {
        return replay.events().stream().map(Event::id).collect(Collectors.toList());
    }

    @Test
    @DisplayName("draft-08 Reconnection: after(id) gives the events after it, oldest first")
    void after() {
        History h = history(10, "a", "b", "c", "d");
        Replay r = replay(h, "b");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("c", "d");
        assertThat(ids(replay(h, "d"))).isEmpty();
        assertThat(replay(h, "d").found()).isTrue();
    }

    @Test
    @DisplayName("draft-08 Reconnection: 'earliest' gives the whole history in order; on an empty history, found and "
            + "empty")
    void earliest() {
        Replay r = replay(history(10, "a", "b", "c"), Replay.EARLIEST);
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("a", "b", "c");
        Replay empty = replay(history(10), Replay.EARLIEST);
        assertThat(empty.found()).isTrue();
        assertThat(empty.events()).isEmpty();
    }

    @Test
    @DisplayName("draft-08 Reconnection: an unknown id -> found=false and nothing to replay; so is any id of an empty "
            + "history")
    void unknown() {
        assertThat(replay(history(10, "a", "b"), "zzz")).isEqualTo(Replay.unknown());
        assertThat(replay(history(10), "a").found()).isFalse();
        assertThat(Replay.unknown()).isEqualTo(new Replay(false, 0, List.of()));
    }

    @Test
    @DisplayName("draft-08 Reconnection: two events sharing id x -> the replay starts after the first one")
    void duplicateIds() {
        assertThat(ids(replay(history(10, "x", "a", "x", "b"), "x"))).containsExactly("a", "x", "b");
    }

    @Test
    @DisplayName("capacity 3, 5 events -> the 3 newest remain; an id no longer kept is unknown")
    void capacity() {
        History h = history(3, "a", "b", "c", "d", "e");
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("c", "d", "e");
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(replay(h, "b").found()).isFalse();
        assertThat(ids(replay(h, "c"))).containsExactly("d", "e");
        assertThat(h.lastEventId()).isEqualTo("e");
    }

    @Test
    @DisplayName("draft-08 Reconnection, with capacity: when the first copy of x is gone, x resolves to the oldest "
            + "copy still kept")
    void duplicateSurvivesItsFirstCopy() {
        History h = history(3, "x", "a", "x", "b");
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("a", "x", "b");
        Replay r = replay(h, "x");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("b");
    }

    @Test
    @DisplayName("draft-08 Reconnection, with capacity: a third copy stored later does not move the cursor past a kept "
            + "copy")
    void duplicateKeepsTheOldestKeptCopy() {
        assertThat(ids(replay(history(4, "x", "a", "x", "b", "x"), "x"))).containsExactly("b", "x");
    }

    @Test
    @DisplayName("draft-08 Reconnection, with capacity: once every copy is gone, the id is unknown")
    void everyCopyGone() {
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
    @DisplayName("bytes: room for 3 events of 5 -> the 3 newest remain, whole; an id no longer kept is unknown")
    void maxBytes() {
        long each = bytesOf("a");
        for (long budget : new long[] {3 * each, 4 * each - 1}) {
            History h = history(100, budget, "a", "b", "c", "d", "e");
            assertThat(ids(replay(h, Replay.EARLIEST))).as("budget %d", budget).containsExactly("c", "d", "e");
            assertThat(replay(h, "b").found()).isFalse();
            assertThat(ids(replay(h, "c"))).containsExactly("d", "e");
            assertThat(h.lastEventId()).isEqualTo("e");
        }
    }

    @Test
    @DisplayName("bytes and count: the stricter limit wins")
    void maxBytesAndCount() {
        long each = bytesOf("a");
        assertThat(ids(replay(history(2, 10 * each, "a", "b", "c", "d"), Replay.EARLIEST))).containsExactly("c", "d");
        assertThat(ids(replay(history(10, 2 * each, "a", "b", "c", "d"), Replay.EARLIEST))).containsExactly("c", "d");
    }

    @Test
    @DisplayName("bytes: an event larger than the whole budget leaves nothing kept (no hole before the next)")
    void eventLargerThanTheBudget() {
        History h = history(100, bytesOf("a") - 1, "a", "b");
        assertThat(replay(h, Replay.EARLIEST).events()).isEmpty();
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(h.lastEventId()).isEqualTo(Replay.EARLIEST);
        assertThat(h.lastSequence()).isZero();
    }

    @Test
    @DisplayName("the replay says which sequence it starts after: the cursor's, 0 for earliest")
    void replayAfter() {
        History h = history(10, "a", "b", "c");
        List<Event> all = replay(h, Replay.EARLIEST).events();
        assertThat(replay(h, Replay.EARLIEST).after()).isZero();
        assertThat(replay(h, "b").after()).isEqualTo(all.get(1).sequence());
        assertThat(h.lastSequence()).isEqualTo(all.get(2).sequence());
        assertThat(history(10).lastSequence()).isZero();
    }

    @Test
    @DisplayName("afterSequence: the events above it; not found once an event above it was dropped")
    void afterSequence() {
        History h = history(2, "a", "b", "c");
        List<Event> kept = replay(h, Replay.EARLIEST).events();
        long b = kept.get(0).sequence();
        Replay fromB = h.afterSequence(b).toCompletableFuture().join();
        assertThat(fromB.found()).isTrue();
        assertThat(ids(fromB)).containsExactly("c");
        assertThat(fromB.after()).isEqualTo(b);
        // "a" was dropped: a client that had everything up to "a" missed nothing, one that had less missed "a".
        assertThat(ids(h.afterSequence(b - 1).toCompletableFuture().join())).containsExactly("b", "c");
        assertThat(h.afterSequence(b - 2).toCompletableFuture().join().found()).isFalse();
        assertThat(h.afterSequence(kept.get(1).sequence()).toCompletableFuture().join())
                .satisfies(r -> assertThat(r.found()).isTrue()).satisfies(r -> assertThat(r.events()).isEmpty());
        History none = history(10, "a");
        assertThat(ids(none.afterSequence(0).toCompletableFuture().join())).containsExactly("a");
    }

    @Test
    @DisplayName("lastEventId: 'earliest' when empty, then the newest id")
    void lastEventId() {
        assertThat(history(2).lastEventId()).isEqualTo(Replay.EARLIEST);
        assertThat(history(2, "a").lastEventId()).isEqualTo("a");
        assertThat(history(2, "a", "b", "c").lastEventId()).isEqualTo("c");
    }
}
