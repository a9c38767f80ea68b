package dev.quicksilver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against a real redis-server started on a free port. */
class RedisTransportTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A node of the cluster: its transport, and what its listener received, in order. */
    private record Node(RedisTransport transport, List<Event> received) {
        List<String> ids() {
            synchronized (received) {
                return received.stream().map(Event::id).collect(Collectors.toList());
            }
        }
    }

    private RedisServer redis() throws Exception {
        RedisServer server = RedisServer.start(dir.resolve("redis"));
        open.add(server);
        return server;
    }

    /** Commands straight to the test's Redis, as an operator's redis-cli; closed after the test. */
    private RedisCommands<String, String> direct(RedisServer redis) {
        RedisClient client = RedisClient.create(redis.url());
        open.add(client::shutdown);
        StatefulRedisConnection<String, String> connection = client.connect();
        open.add(connection::close);
        return connection.sync();
    }

    private Node node(String url, int maxEvents, Duration maxAge) {
        return node(RedisSettings.of(url, maxEvents, maxAge, 0));
    }

    private Node node(RedisSettings settings) {
        RedisTransport t = RedisTransport.start(settings);
        open.add(t);
        List<Event> received = Collections.synchronizedList(new ArrayList<>());
        t.listen(received::add);
        return new Node(t, received);
    }

    private Node readyNode(String url) {
        Node n = node(url, 1000, Duration.ZERO);
        await().atMost(PATIENCE).until(() -> n.transport().health().healthy());
        return n;
    }

    private static Event publish(Node node, String id, String data) throws Exception {
        return node.transport().publish(new Update(id, List.of("https://example.com/t"), data, false, null, 0,
                java.util.Set.of())).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Replay replay(Node node, String lastEventId) {
        return node.transport().history().after(lastEventId).toCompletableFuture().join();
    }

    @Test
    @DisplayName("publishes on two nodes at once: both nodes deliver every event, in one and the same order")
    void oneOrder() throws Exception {
        RedisServer redis = redis();
        Node a = readyNode(redis.url());
        Node b = readyNode(redis.url());
        List<CompletableFuture<Event>> published = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            published.add(a.transport().publish(Update.of(List.of("t"), "a" + i)).toCompletableFuture());
            published.add(b.transport().publish(Update.of(List.of("t"), "b" + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> a.received().size() == 400 && b.received().size() == 400);
        assertThat(a.ids()).isEqualTo(b.ids());
        assertThat(a.ids()).containsExactlyInAnyOrderElementsOf(published.stream().map(CompletableFuture::join)
                .map(Event::id).toList());
        List<Long> sequences = a.received().stream().map(Event::sequence).toList();
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) + 1);
        }
        // Each node's publishes keep their own order in the common one.
        List<String> fromA = a.received().stream().map(e -> e.update().data()).filter(d -> d.startsWith("a")).toList();
        assertThat(fromA).isEqualTo(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "a" + i).toList());
        // The sequence the publisher was answered is the one subscribers see.
        assertThat(published.get(0).join().sequence()).isEqualTo(a.received().stream()
                .filter(e -> e.id().equals(published.get(0).join().id())).findFirst().orElseThrow().sequence());
    }

    @Test
    @DisplayName("Redis's script cache emptied (as by a restart): the next publish sends the script whole and is stored")
    void scriptCacheEmptied() throws Exception {
        RedisServer redis = redis();
        Node a = readyNode(redis.url());
        publish(a, null, "before");
        RedisCommands<String, String> c = direct(redis);
        c.scriptFlush();
        Event after = publish(a, null, "after");
        await().atMost(PATIENCE).until(() -> a.received().size() == 2);
        assertThat(a.received()).extracting(e -> e.update().data()).containsExactly("before", "after");
        assertThat(after.sequence()).isEqualTo(a.received().get(0).sequence() + 1);
    }

    @Test
    @DisplayName("a reconnection storm with one Last-Event-ID: reads on their way are shared, so Redis reads a few times, "
            + "and every request gets the same events")
    void replaysShared() throws Exception {
        RedisServer redis = redis();
        Node a = readyNode(redis.url());
        Event first = publish(a, null, "one");
        publish(a, null, "two");
        publish(a, null, "three");
        await().atMost(PATIENCE).until(() -> a.received().size() == 3);
        RedisCommands<String, String> c = direct(redis);
        c.configResetstat();
        List<CompletableFuture<Replay>> replays = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            replays.add(a.transport().history().after(first.id()).toCompletableFuture());
        }
        CompletableFuture.allOf(replays.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<Replay> r : replays) {
            assertThat(r.join().events()).extracting(e -> e.update().data()).containsExactly("two", "three");
        }
        long reads = scriptCalls(c.info("commandstats"));
        assertThat(reads).isPositive().isLessThan(1_000);
    }

    @Test
    @DisplayName("a read on its way is not shared once the node has read a newer event: the late request sends its own")
    void sharedOnlyWhileNothingNewer() throws Exception {
        RedisServer redis = redis();
        // A 10 s command timeout, and Redis holding every command for 3 s: the reads stay on their
        // way while the test looks, even if its thread is slow to run.
        Node a = node(new RedisSettings(redis.url(), 1000, Duration.ZERO, 0, Duration.ofSeconds(10), Keys.DEFAULT_PREFIX));
        await().atMost(PATIENCE).until(() -> a.transport().health().healthy());
        Event first = publish(a, null, "one");
        await().atMost(PATIENCE).until(() -> a.received().size() == 1);
        RedisHistory history = (RedisHistory) a.transport().history();
        RedisCommands<String, String> c = direct(redis);
        c.clientPause(3_000);
        CompletableFuture<Replay> sent = history.after(first.id()).toCompletableFuture();
        CompletableFuture<Replay> joined = history.after(first.id()).toCompletableFuture();
        assertThat(joined).isSameAs(sent);
        // As if the node's reader had just read a newer event (and dispatched it before a subscriber registered).
        history.read(Event.of(first.sequence() + 1, Update.of(List.of("t"), "newer").withId("urn:example:newer")));
        CompletableFuture<Replay> late = history.after(first.id()).toCompletableFuture();
        assertThat(late).isNotSameAs(sent);
        assertThat(history.after(first.id()).toCompletableFuture()).isSameAs(late);
        sent.get(10, TimeUnit.SECONDS);
        late.get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> history.readsInFlight() == 0);
    }

    /** The scripts Redis ran since its statistics were reset, from INFO commandstats. */
    private static long scriptCalls(String commandstats) {
        long calls = 0;
        for (String line : commandstats.lines().map(String::strip).toList()) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String count = line.substring(line.indexOf(":calls=") + ":calls=".length());
                calls += Long.parseLong(count.substring(0, count.indexOf(',')));
            }
        }
        return calls;
    }

    @Test
    @DisplayName("Last-Event-ID resolves on any node: replay after it; 'earliest' gives all; an unknown id is not found")
    void replayById() throws Exception {
        RedisServer redis = redis();
        Node a = readyNode(redis.url());
        Node b = readyNode(redis.url());
        publish(a, "urn:example:1", "one");
        Event second = publish(a, null, "two");
        publish(a, "urn:example:3", "three");
        publish(a, "urn:example:1", "one again");
        Replay r = replay(b, second.id());
        assertThat(r.found()).isTrue();
        assertThat(r.after()).isEqualTo(second.sequence());
        assertThat(r.events()).extracting(e -> e.update().data()).containsExactly("three", "one again");
        // An id published twice resolves to its first copy (draft: the earliest event with that id).
        assertThat(replay(b, "urn:example:1").events()).extracting(e -> e.update().data())
                .containsExactly("two", "three", "one again");
        assertThat(replay(b, Replay.EARLIEST).events()).hasSize(4);
        assertThat(replay(b, "urn:example:nope").found()).isFalse();
        // Sequences: the cursor form.
        assertThat(b.transport().history().afterSequence(second.sequence()).toCompletableFuture().join().events())
                .hasSize(2);
        await().atMost(PATIENCE).until(() -> b.transport().history().lastEventId().equals("urn:example:1")
                && b.transport().history().lastSequence() == second.sequence() + 2);
    }

    @Test
    @DisplayName("the stream and its index are trimmed to the history size: old ids become unknown, recent ones resolve")
    void trimming() throws Exception {
        RedisServer redis = redis();
        Node a = node(redis.url(), 100, Duration.ZERO);
        await().atMost(PATIENCE).until(() -> a.transport().health().healthy());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(publish(a, null, "d" + i));
        }
        assertThat(replay(a, events.get(0).id()).found()).isFalse();
        Replay recent = replay(a, events.get(950).id());
        assertThat(recent.found()).isTrue();
        assertThat(recent.events()).hasSize(49);
        assertThat(a.transport().history().afterSequence(events.get(0).sequence()).toCompletableFuture().join()
                .found()).isFalse();
        RedisCommands<String, String> c = direct(redis);
        long length = c.xlen(Keys.DEFAULT_PREFIX + ":events");
        long indexed = c.zcard(Keys.DEFAULT_PREFIX + ":ids");
        assertThat(length).isBetween(100L, 300L); // MAXLEN ~ trims in whole blocks
        assertThat(indexed).isEqualTo(length);
    }

    @Test
    @DisplayName("history-max-age: events older than it are trimmed as new ones are published")
    void age() throws Exception {
        RedisServer redis = redis();
        Node a = node(redis.url(), 1000, Duration.ofMillis(300));
        await().atMost(PATIENCE).until(() -> a.transport().health().healthy());
        Event old = publish(a, null, "old");
        Thread.sleep(600);
        Event fresh = publish(a, null, "fresh");
        assertThat(replay(a, old.id()).found()).isFalse();
        assertThat(replay(a, Replay.EARLIEST).events()).extracting(Event::id).containsExactly(fresh.id());
    }

    @Test
    @DisplayName("Redis killed with kill -9 and restarted (appendfsync always): nothing acknowledged is lost, "
            + "publishes fail fast while it is down, delivery resumes from the last entry")
    void redisRestart() throws Exception {
        RedisServer redis = redis();
        Node a = readyNode(redis.url());
        Node b = readyNode(redis.url());
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acknowledged.add(publish(a, null, "before" + i).id());
        }
        await().atMost(PATIENCE).until(() -> b.received().size() == 50);
        redis.kill();
        // Down: the publish fails (the hub answers 503), it does not wait for Redis.
        ExecutionException down = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> publish(a, null, "while down"));
        assertThat(down.getCause()).isInstanceOf(NotStoredException.class);
        await().atMost(PATIENCE).until(() -> !a.transport().health().healthy());
        redis.restart();
        await().atMost(PATIENCE).until(() -> a.transport().health().healthy() && b.transport().health().healthy());
        assertThat(replay(b, Replay.EARLIEST).events()).extracting(Event::id).containsExactlyElementsOf(acknowledged);
        for (int i = 0; i < 10; i++) {
            acknowledged.add(publish(a, null, "after" + i).id());
        }
        await().atMost(PATIENCE).until(() -> b.received().size() == 60);
        assertThat(b.ids()).isEqualTo(acknowledged);
        assertThat(a.ids()).isEqualTo(acknowledged);
    }

    @Test
    @DisplayName("Redis unreachable at start: the node is unhealthy and refuses publishes, then connects by itself")
    void unreachableAtStart() throws Exception {
        int port = RedisServer.freePort();
        Node a = node("redis://127.0.0.1:" + port, 1000, Duration.ZERO);
        await().atMost(PATIENCE).until(() -> !a.transport().health().healthy()
                && a.transport().health().problem().contains("unreachable"));
        ExecutionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> publish(a, null, "too early"));
        assertThat(refused.getCause()).isInstanceOf(NotStoredException.class);
        RedisServer redis = RedisServer.startOn(dir.resolve("late"), port);
        open.add(redis);
        await().atMost(PATIENCE).until(() -> a.transport().health().healthy());
        Event e = publish(a, null, "now");
        await().atMost(PATIENCE).until(() -> a.ids().equals(List.of(e.id())));
    }
}
