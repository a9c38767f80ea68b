package dev.quicksilver.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The single-process transport: ids (Mercure draft-08 "Publication"), order, history
 * (docs/architecture.md "How an update travels" and "Reconnection without gap or duplicate").
 */
@DisplayName("LocalTransport: ids (draft-08 Publication), order and history (architecture.md)")
class LocalTransportTest {
    private final InMemoryHistory history = new InMemoryHistory(100);
    private final LocalTransport transport = new LocalTransport(history);

    private Event publish(Update update) {
        return transport.publish(update).toCompletableFuture().join();
    }

    @Test
    @DisplayName("draft-08 Publication: with no id, the hub generates urn:uuid: + a UUID, unique per update")
    void generatedIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = publish(Update.of(List.of("t"), "")).id();
            assertThat(id).matches("^urn:uuid:[0-9a-f-]{36}$");
            ids.add(id);
        }
        assertThat(ids).hasSize(200);
        assertThat(LocalTransport.generateId()).matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    }

    @Test
    @DisplayName("draft-08 Publication: a publisher's id is kept, in the event and in its SSE bytes")
    void publisherId() {
        Event e = publish(Update.of(List.of("t"), "d").withId("foo"));
        assertThat(e.id()).isEqualTo("foo");
        assertThat(new String(e.sse(), StandardCharsets.UTF_8)).isEqualTo("id: foo\ndata: d\n\n");
    }

    @Test
    @DisplayName("draft-08 Publication: a generated id is the same in the event and in the SSE bytes")
    void generatedIdInBytes() {
        Event e = publish(Update.of(List.of("t"), "d"));
        assertThat(new String(e.sse(), StandardCharsets.UTF_8)).isEqualTo("id: " + e.id() + "\ndata: d\n\n");
    }

    @Test
    @DisplayName("sequence strictly increasing; the listener sees every event once, in order")
    void orderAndListener() {
        List<Event> seen = new ArrayList<>();
        transport.listen(seen::add);
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            published.add(publish(Update.of(List.of("t"), "d" + i)));
        }
        assertThat(seen).containsExactlyElementsOf(published);
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i).sequence()).isGreaterThan(published.get(i - 1).sequence());
        }
    }

    @Test
    @DisplayName("the history is appended before the listener runs, so a listener can replay up to its event")
    void historyBeforeListener() {
        List<String> lastInHistory = new ArrayList<>();
        transport.listen(e -> lastInHistory.add(history.lastEventId()));
        Event e = publish(Update.of(List.of("t"), "").withId("a"));
        assertThat(lastInHistory).containsExactly(e.id());
        Replay all = transport.history().after(Replay.EARLIEST).toCompletableFuture().join();
        assertThat(all.events()).containsExactly(e);
        assertThat(history.after(Replay.EARLIEST).toCompletableFuture().join().events()).containsExactly(e);
    }

    @Test
    @DisplayName("concurrent publishers: history order = listener order = sequence order")
    void concurrentPublishers() throws InterruptedException {
        List<Event> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        transport.listen(seen::add);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    publish(Update.of(List.of("t"), ""));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> sequences = seen.stream().map(Event::sequence).collect(Collectors.toList());
        assertThat(sequences).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(history.after(Replay.EARLIEST).toCompletableFuture().join().events()).containsExactlyElementsOf(seen);
    }

    @Test
    @DisplayName("publish after close fails with IllegalStateException and stores nothing")
    void closed() {
        transport.close();
        assertThatThrownBy(() -> publish(Update.of(List.of("t"), "")))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(history.lastEventId()).isEqualTo(Replay.EARLIEST);
    }

    @Test
    @DisplayName("a subscription event is numbered and delivered as an update, and kept apart from the updates")
    void subscriptionEvent() {
        List<Event> seen = new ArrayList<>();
        transport.listen(seen::add);
        Event u = publish(Update.of(List.of("t"), "").withId("u"));
        Event s = transport.publishSubscriptionEvent(Update.of(List.of("/.well-known/mercure/subscriptions/t/x"), "{}")
                .withId("s")).toCompletableFuture().join();
        assertThat(seen).containsExactly(u, s);
        assertThat(s.sequence()).isGreaterThan(u.sequence());
        assertThat(history.after(Replay.EARLIEST).toCompletableFuture().join().events()).containsExactly(u);
        assertThat(transport.history().after("u").toCompletableFuture().join().events()).containsExactly(s);
    }

    @Test
    @DisplayName("healthy while updates are stored")
    void health() {
        assertThat(transport.health().healthy()).isTrue();
        publish(Update.of(List.of("t"), ""));
        assertThat(transport.health()).isEqualTo(Health.OK);
    }

    @Test
    void listenerMustNotBeNull() {
        assertThatThrownBy(() -> transport.listen(null)).isInstanceOf(NullPointerException.class);
    }
}
