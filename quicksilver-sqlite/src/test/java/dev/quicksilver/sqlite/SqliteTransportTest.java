package dev.quicksilver.sqlite;

import static dev.quicksilver.sqlite.Stores.ids;
import static dev.quicksilver.sqlite.Stores.publish;
import static dev.quicksilver.sqlite.Stores.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable transport: ids (Mercure draft-08 "Publication"), group commit order (docs/history.md
 * "When a publish is answered"; docs/architecture.md "Reconnection without gap or duplicate"), restarts.
 */
@DisplayName("SqliteTransport: ids (draft-08 Publication), group commit order (history.md), restarts")
class SqliteTransportTest {
    @TempDir
    Path dir;
    private SqliteTransport transport;

    private SqliteTransport open(SyncPolicy sync) {
        transport = SqliteTransport.open(SqliteSettings.of(dir.resolve("history.db")).withSync(sync).withMaxEvents(100_000));
        return transport;
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    @DisplayName("draft-08 Publication: with no id, the hub generates urn:uuid: + a UUID, the same in the event and "
            + "its bytes")
    void generatedIds() {
        open(SyncPolicy.FULL);
        Event e = publish(transport, null);
        assertThat(e.id()).matches("^urn:uuid:[0-9a-f-]{36}$");
        assertThat(new String(e.sse(), StandardCharsets.UTF_8)).isEqualTo("id: " + e.id() + "\ndata: d\n\n");
        assertThat(publish(transport, null).id()).isNotEqualTo(e.id());
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).hasSize(2).startsWith(e.id());
    }

    @Test
    @DisplayName("draft-08 Publication: a publisher's id is kept")
    void publisherId() {
        open(SyncPolicy.FULL);
        assertThat(publish(transport, "foo").id()).isEqualTo("foo");
    }

    @Test
    @DisplayName("group commit: concurrent publishers; listener order = sequence order = history order; "
            + "each publisher is answered after the listener saw its event")
    void concurrentPublishers() throws Exception {
        open(SyncPolicy.FULL);
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        Set<Long> heard = ConcurrentHashMap.newKeySet();
        transport.listen(e -> {
            seen.add(e);
            heard.add(e.sequence());
        });
        int threads = 8;
        int each = 200;
        List<Boolean> answeredAfterListener = Collections.synchronizedList(new ArrayList<>());
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                List<CompletableFuture<Event>> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(transport.publish(Update.of(List.of("t"), "x")).toCompletableFuture()
                            .thenApply(e -> {
                                answeredAfterListener.add(heard.contains(e.sequence()));
                                return e;
                            }));
                }
                mine.forEach(CompletableFuture::join);
            });
            publishers.add(thread);
            thread.start();
        }
        for (Thread thread : publishers) {
            thread.join();
        }
        List<Long> sequences = seen.stream().map(Event::sequence).collect(Collectors.toList());
        assertThat(sequences).hasSize(threads * each).isSorted().doesNotHaveDuplicates();
        assertThat(sequences.get(sequences.size() - 1) - sequences.get(0)).isEqualTo(threads * each - 1);
        assertThat(answeredAfterListener).hasSize(threads * each).containsOnly(true);
        List<Event> stored = replay(transport.history(), Replay.EARLIEST).events();
        assertThat(stored.stream().map(Event::sequence).collect(Collectors.toList())).isEqualTo(sequences);
        assertThat(ids(new Replay(true, 0, stored))).isEqualTo(seen.stream().map(Event::id).collect(Collectors.toList()));
    }

    @Test
    @DisplayName("the listener sees an event only once it can be read back from the store")
    void listenerAfterCommit() {
        open(SyncPolicy.NORMAL);
        List<Boolean> readable = new ArrayList<>();
        transport.listen(e -> readable.add(replay(transport.history(), e.id()).found()));
        publish(transport, "a");
        publish(transport, "b");
        assertThat(readable).containsExactly(true, true);
    }

    @Test
    @DisplayName("reopen: every event is still there, the sequence continues, lastEventId is loaded")
    void reopen() {
        open(SyncPolicy.FULL);
        Event a = publish(transport, "a");
        Event b = publish(transport, "b");
        transport.close();
        open(SyncPolicy.FULL);
        assertThat(transport.history().lastEventId()).isEqualTo("b");
        Event c = publish(transport, "c");
        assertThat(c.sequence()).isEqualTo(b.sequence() + 1);
        assertThat(ids(replay(transport.history(), "a"))).containsExactly("b", "c");
        assertThat(replay(transport.history(), Replay.EARLIEST).events().get(0).sequence()).isEqualTo(a.sequence());
    }

    @Test
    @DisplayName("reopen after retention emptied the table: the sequence still continues, never reused")
    void sequenceSurvivesEmptyTable() throws Exception {
        transport = SqliteTransport.open(SqliteSettings.of(dir.resolve("history.db")).withMaxEvents(0));
        Event a = publish(transport, "a");
        transport.barrier().join();
        assertThat(Stores.rows(dir.resolve("history.db"))).isZero();
        transport.close();
        transport = SqliteTransport.open(SqliteSettings.of(dir.resolve("history.db")).withMaxEvents(0));
        assertThat(publish(transport, "b").sequence()).isEqualTo(a.sequence() + 1);
    }

    @Test
    @DisplayName("close commits what was queued before it; a publish after close fails")
    void closeDrains() {
        open(SyncPolicy.NORMAL);
        List<CompletableFuture<Event>> pending = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pending.add(transport.publish(Update.of(List.of("t"), "x")).toCompletableFuture());
        }
        transport.close();
        pending.forEach(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        assertThatThrownBy(() -> publish(transport, "late")).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        transport.close(); // twice is harmless
        Set<String> ids = new HashSet<>();
        pending.forEach(f -> ids.add(f.join().id()));
        open(SyncPolicy.NORMAL);
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    @DisplayName("subscription events: numbered and delivered with the updates, not stored in the table, in a "
            + "budget of their own; the sequence continues past them after a restart")
    void subscriptionEvents() throws Exception {
        transport = SqliteTransport.open(SqliteSettings.of(dir.resolve("history.db")).withMaxEvents(3),
                new InMemoryHistory(3, Long.MAX_VALUE));
        List<Event> seen = new ArrayList<>();
        transport.listen(seen::add);
        Event a = publish(transport, "a");
        for (int i = 0; i < 10; i++) {
            transport.publishSubscriptionEvent(Update.of(List.of("/.well-known/mercure/subscriptions/t/s" + i), "{}")
                    .withId("s" + i)).toCompletableFuture().join();
        }
        Event b = publish(transport, "b");
        assertThat(seen.stream().map(Event::sequence).collect(Collectors.toList())).isSorted().doesNotHaveDuplicates()
                .hasSize(12);
        assertThat(Stores.rows(dir.resolve("history.db"))).isEqualTo(2);
        assertThat(ids(replay(transport.history(), "a"))).containsExactly("s7", "s8", "s9", "b");
        assertThat(ids(replay(transport.history(), "s8"))).containsExactly("s9", "b");
        assertThat(replay(transport.history(), "s0").found()).isFalse();
        assertThat(transport.history().size()).isEqualTo(5);
        transport.close();
        open(SyncPolicy.FULL);
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactly("a", "b");
        assertThat(publish(transport, "c").sequence()).isEqualTo(b.sequence() + 1);
        assertThat(a.sequence()).isLessThan(b.sequence() - 10);
    }

    @Test
    @DisplayName("a listener that throws does not stop the writer nor fail the publish")
    void listenerFailure() {
        open(SyncPolicy.NORMAL);
        transport.listen(e -> {
            throw new IllegalStateException("boom");
        });
        assertThat(publish(transport, "a").id()).isEqualTo("a");
        assertThat(publish(transport, "b").id()).isEqualTo("b");
    }
}
