package dev.quicksilver.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory ring: the {@link HistoryContract}, and its own ring and index. */
@DisplayName("InMemoryHistory: replay after an id (draft-08 Reconnection)")
class InMemoryHistoryTest extends HistoryContract {
    private long sequence;

    private Event event(String id) {
        return Event.of(++sequence, Update.of(List.of("https://e/t"), "d").withId(id));
    }

    @Override
    protected InMemoryHistory history(int capacity, String... ids) {
        InMemoryHistory history = new InMemoryHistory(capacity);
        for (String id : ids) {
            history.append(event(id));
        }
        return history;
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
    void negativeCapacity() {
        assertThatThrownBy(() -> new InMemoryHistory(-1)).isInstanceOf(IllegalArgumentException.class);
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
