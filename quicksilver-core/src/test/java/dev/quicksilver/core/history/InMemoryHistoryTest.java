package dev.quicksilver.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** History and reconnection (protocol.md §1.5): R71, R75, R77, R80. */
@DisplayName("InMemoryHistory: replay after an id (§1.5, R71, R75, R77, R80)")
class InMemoryHistoryTest {
    private long sequence;

    private Event event(String id) {
        return Event.of(++sequence, Update.of(List.of("https://e/t"), "d").withId(id));
    }

    private InMemoryHistory history(int capacity, String... ids) {
        InMemoryHistory history = new InMemoryHistory(capacity);
        for (String id : ids) {
            history.append(event(id));
        }
        return history;
    }

    private static Replay replay(History history, String lastEventId) {
        return history.after(lastEventId).toCompletableFuture().join();
    }

    private static List<String> ids(Replay replay) {
        return replay.events().stream().map(Event::id).collect(Collectors.toList());
    }

    @Test
    @DisplayName("R71: after(id) gives the events after it, oldest first")
    void r71After() {
        InMemoryHistory h = history(10, "a", "b", "c", "d");
        Replay r = replay(h, "b");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("c", "d");
        assertThat(ids(replay(h, "d"))).isEmpty();
        assertThat(replay(h, "d").found()).isTrue();
    }

    @Test
    @DisplayName("size: the events kept, up to the capacity")
    void size() {
        assertThat(history(3).size()).isZero();
        assertThat(history(3, "a", "b").size()).isEqualTo(2);
        assertThat(history(3, "a", "b", "c", "d", "e").size()).isEqualTo(3);
        assertThat(history(0, "a").size()).isZero();
    }

    @Test
    @DisplayName("R77: 'earliest' gives the whole history in order")
    void r77Earliest() {
        Replay r = replay(history(10, "a", "b", "c"), Replay.EARLIEST);
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("a", "b", "c");
        assertThat(replay(history(10), Replay.EARLIEST).events()).isEmpty();
    }

    @Test
    @DisplayName("R75: an unknown id -> found=false and nothing to replay; so is an empty history")
    void r75Unknown() {
        Replay r = replay(history(10, "a", "b"), "zzz");
        assertThat(r.found()).isFalse();
        assertThat(r.events()).isEmpty();
        assertThat(replay(history(10), "a").found()).isFalse();
        assertThat(Replay.unknown()).isEqualTo(new Replay(false, List.of()));
    }

    @Test
    @DisplayName("R80: two events sharing id x -> the replay starts after the first one")
    void r80DuplicateIds() {
        InMemoryHistory h = history(10, "x", "a", "x", "b");
        assertThat(ids(replay(h, "x"))).containsExactly("a", "x", "b");
    }

    @Test
    @DisplayName("eviction: capacity 3, 5 appends -> the 3 newest remain; an evicted id becomes unknown")
    void eviction() {
        InMemoryHistory h = history(3, "a", "b", "c", "d", "e");
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("c", "d", "e");
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(replay(h, "b").found()).isFalse();
        assertThat(ids(replay(h, "c"))).containsExactly("d", "e");
        assertThat(h.lastEventId()).isEqualTo("e");
    }

    @Test
    @DisplayName("eviction keeps going around the ring many times")
    void manyWraps() {
        InMemoryHistory h = new InMemoryHistory(3);
        for (int i = 0; i < 100; i++) {
            h.append(event("e" + i));
        }
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("e97", "e98", "e99");
        assertThat(ids(replay(h, "e97"))).containsExactly("e98", "e99");
        assertThat(replay(h, "e96").found()).isFalse();
    }

    @Test
    @DisplayName("R80 + eviction: when the first copy of x is evicted, x resolves to the oldest copy still kept")
    void duplicateSurvivesEvictionOfItsFirstCopy() {
        InMemoryHistory h = history(3, "x", "a", "x", "b"); // the first x is evicted
        assertThat(ids(replay(h, Replay.EARLIEST))).containsExactly("a", "x", "b");
        Replay r = replay(h, "x");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("b");
    }

    @Test
    @DisplayName("R80 + eviction: a third copy appended later does not move the cursor past a kept copy")
    void duplicateKeepsTheOldestKeptCopy() {
        InMemoryHistory h = history(4, "x", "a", "x", "b", "x"); // the first x is evicted
        assertThat(ids(replay(h, "x"))).containsExactly("b", "x");
    }

    @Test
    @DisplayName("R80 + eviction: once every copy is evicted, the id is unknown")
    void everyCopyEvicted() {
        InMemoryHistory h = history(2, "x", "x", "a", "b");
        assertThat(replay(h, "x").found()).isFalse();
        assertThat(ids(replay(h, "a"))).containsExactly("b");
    }

    @Test
    @DisplayName("a duplicate id's index survives the eviction of a copy it does not point to")
    void laterCopyEvictionKeepsIndex() {
        InMemoryHistory h = history(3, "x", "x", "a");
        h.append(event("b")); // evicts the first x; the second x is kept
        assertThat(ids(replay(h, "x"))).containsExactly("a", "b");
        h.append(event("c")); // evicts the second x: now unknown
        assertThat(replay(h, "x").found()).isFalse();
        assertThat(ids(replay(h, "a"))).containsExactly("b", "c");
    }

    @Test
    @DisplayName("capacity 0 keeps nothing: every id unknown, earliest empty, lastEventId earliest")
    void capacityZero() {
        InMemoryHistory h = history(0, "a", "b");
        assertThat(replay(h, "a").found()).isFalse();
        assertThat(replay(h, Replay.EARLIEST).events()).isEmpty();
        assertThat(h.lastEventId()).isEqualTo(Replay.EARLIEST);
    }

    @Test
    void negativeCapacity() {
        assertThatThrownBy(() -> new InMemoryHistory(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("lastEventId: 'earliest' when empty, then the newest id")
    void lastEventId() {
        InMemoryHistory h = new InMemoryHistory(2);
        assertThat(h.lastEventId()).isEqualTo(Replay.EARLIEST);
        h.append(event("a"));
        assertThat(h.lastEventId()).isEqualTo("a");
        h.append(event("b"));
        h.append(event("c"));
        assertThat(h.lastEventId()).isEqualTo("c");
    }

    @Test
    @DisplayName("the replayed events are the stored ones, with their sequence and bytes")
    void eventsAreTheStoredOnes() {
        InMemoryHistory h = new InMemoryHistory(5);
        Event a = event("a");
        Event b = event("b");
        h.append(a);
        h.append(b);
        assertThat(replay(h, "a").events()).containsExactly(b);
        assertThat(replay(h, Replay.EARLIEST).events().get(0)).isSameAs(a);
    }
}
