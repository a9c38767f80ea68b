package dev.quicksilver.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Updates and subscription events, each in a budget of its own, replayed as one sequence. */
class HubHistoryTest {
    private final InMemoryHistory updates = new InMemoryHistory(5, Long.MAX_VALUE);
    private final InMemoryHistory subscriptionEvents = new InMemoryHistory(3, Long.MAX_VALUE);
    private final LocalTransport transport = new LocalTransport(updates, subscriptionEvents);

    private void update(String id) {
        transport.publish(Update.of(List.of("https://e/t"), id).withId(id)).toCompletableFuture().join();
    }

    private void subscriptionEvent(String id) {
        transport.publishSubscriptionEvent(new Update(id, List.of("/.well-known/mercure/subscriptions/x/" + id), "{}",
                true, null, 0, java.util.Set.of())).toCompletableFuture().join();
    }

    private Replay replay(String lastEventId) {
        return transport.history().after(lastEventId).toCompletableFuture().join();
    }

    private static List<String> ids(Replay replay) {
        return replay.events().stream().map(Event::id).collect(Collectors.toList());
    }

    @Test
    @DisplayName("a flood of subscription events pushes out older subscription events, never an update")
    void floodKeepsUpdates() {
        update("a");
        update("b");
        for (int i = 0; i < 100; i++) {
            subscriptionEvent("s" + i);
        }
        update("c");
        Replay r = replay("a");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("b", "s97", "s98", "s99", "c");
        assertThat(updates.size()).isEqualTo(3);
        assertThat(transport.history().size()).isEqualTo(6);
    }

    @Test
    @DisplayName("earliest: both kinds, in sequence order")
    void earliestMerges() {
        update("a");
        subscriptionEvent("s1");
        update("b");
        subscriptionEvent("s2");
        update("c");
        assertThat(ids(replay(Replay.EARLIEST))).containsExactly("a", "s1", "b", "s2", "c");
    }

    @Test
    @DisplayName("a subscription event as cursor (the subscription API's lastEventID): what came after it, of both kinds")
    void subscriptionEventCursor() {
        update("a");
        subscriptionEvent("s1");
        update("b");
        subscriptionEvent("s2");
        update("c");
        Replay r = replay("s1");
        assertThat(r.found()).isTrue();
        assertThat(ids(r)).containsExactly("b", "s2", "c");
        assertThat(ids(replay("s2"))).containsExactly("c");
        assertThat(ids(replay("b"))).containsExactly("s2", "c");
    }

    @Test
    @DisplayName("a subscription event no longer kept is an unknown cursor")
    void droppedSubscriptionEventCursor() {
        subscriptionEvent("s0");
        for (int i = 1; i <= 3; i++) {
            subscriptionEvent("s" + i);
        }
        assertThat(replay("s0").found()).isFalse();
        assertThat(ids(replay("s1"))).containsExactly("s2", "s3");
    }

    @Test
    @DisplayName("a subscription-event cursor after which an update was dropped: not found, the client missed it")
    void updateDroppedAfterSubscriptionEventCursor() {
        subscriptionEvent("s1");
        for (int i = 0; i < 6; i++) {
            update("u" + i);
        }
        assertThat(replay("s1").found()).isFalse();
    }

    @Test
    @DisplayName("lastEventId and lastSequence: the newest of either kind")
    void newest() {
        assertThat(transport.history().lastEventId()).isEqualTo(Replay.EARLIEST);
        update("a");
        assertThat(transport.history().lastEventId()).isEqualTo("a");
        subscriptionEvent("s1");
        assertThat(transport.history().lastEventId()).isEqualTo("s1");
        assertThat(transport.history().lastSequence()).isEqualTo(2);
        update("b");
        assertThat(transport.history().lastEventId()).isEqualTo("b");
    }

    @Test
    @DisplayName("events stored but not yet marked published are not replayed: the live feed brings them")
    void horizon() {
        HubHistory h = new HubHistory(new InMemoryHistory(10, Long.MAX_VALUE), new InMemoryHistory(10, Long.MAX_VALUE));
        h.append(Event.of(1, Update.of(List.of("t"), "").withId("a")));
        h.published(1);
        h.appendSubscriptionEvent(Event.of(2, Update.of(List.of("t"), "").withId("s")));
        h.append(Event.of(3, Update.of(List.of("t"), "").withId("b")));
        assertThat(ids(h.after(Replay.EARLIEST).toCompletableFuture().join())).containsExactly("a");
        h.published(3);
        assertThat(ids(h.after(Replay.EARLIEST).toCompletableFuture().join())).containsExactly("a", "s", "b");
        assertThat(ids(h.afterSequence(1).toCompletableFuture().join())).containsExactly("s", "b");
    }
}
