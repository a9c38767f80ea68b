package dev.quicksilver.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import dev.quicksilver.server.http.HubPipeline;
import dev.quicksilver.server.tracing.HubTraces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One event loop's dispatch, on Netty's EmbeddedChannel: framing, no duplicates, replay then live, slow subscribers. */
class ShardTest {
    private final TopicSelectors selectors = TopicSelectors.withDefaults();
    /** Cleartext HTTP/1.1 as the hub sets it up; EmbeddedChannel has no socket, so no direct send(2). */
    private static final SseSubscriber.Setup SETUP = new SseSubscriber.Setup(HubPipeline.STREAM_STAGES, 1 << 20, true);
    private final java.util.concurrent.atomic.AtomicInteger closedOnce = new java.util.concurrent.atomic.AtomicInteger();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private Shard shard;
    private long sequence;

    @BeforeEach
    void setUp() {
        // Patterns matched at once, on the calling thread: dispatches stay synchronous.
        shard = new Shard(channel().eventLoop(), 0, Runnable::run);
    }

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel ch : channels) {
            try {
                ch.finishAndReleaseAll();
            } catch (Exception e) {
                // writes pending on a channel the test closed fail; that is expected
            }
        }
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        // Stands in for the HTTP codec: the subscriber writes framed chunks through its context.
        ch.pipeline().addLast("http-codec", new ChannelHandlerAdapter() { });
        channels.add(ch);
        return ch;
    }

    private SseSubscriber subscriber(EmbeddedChannel ch, String... topics) {
        SseSubscriber s = new SseSubscriber("urn:uuid:" + topics.length + ch.hashCode(),
                Matcher.topics(java.util.Arrays.stream(topics).map(selectors::parse).toList()), Anonymous.INSTANCE, ch,
                shard, 0, SETUP, "test", gone -> closedOnce.incrementAndGet());
        shard.add(s);
        s.attach();
        s.open(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat((Object) ch.readOutbound()).isInstanceOf(DefaultHttpResponse.class);
        assertThat(written(ch)).containsExactly("2\r\n:\n\r\n"); // the opening comment
        assertThat(ch.pipeline().names()).contains(HubPipeline.STREAM).doesNotContain("http-codec");
        return s;
    }

    private Event event(String data, String... topics) {
        Update u = new Update("id-" + (sequence + 1), List.of(topics), data, false, null, 0, java.util.Set.of());
        return Event.of(++sequence, u);
    }

    private void dispatch(Event e) {
        shard.dispatch(e);
    }

    /** The shard loop's next turn: its scheduled tasks run (the shard's loop is the first channel's). */
    private void nextTurn() {
        channels.get(0).runScheduledPendingTasks();
    }

    private static List<String> written(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out;
    }

    private static String chunk(Event e) {
        String sse = new String(e.sse(), StandardCharsets.UTF_8);
        return Integer.toHexString(e.sse().length) + "\r\n" + sse + "\r\n";
    }

    @Test
    @DisplayName("the shard wants the topics of its subscribers while they are in it, and only those")
    void interestFollowsSubscribers() {
        SseSubscriber s = subscriber(channel(), "https://e/1");
        assertThat(shard.mayWant(event("x", "https://e/1"))).isTrue();
        assertThat(shard.mayWant(event("x", "https://e/2"))).isFalse();
        shard.remove(s);
        assertThat(shard.mayWant(event("x", "https://e/1"))).isFalse();
    }

    @Test
    @DisplayName("fan-out: a publish is handed only to the loops whose shard may hold a recipient")
    void fanOutSkipsUninterestedLoops() throws Exception {
        CountingLoop loopA = new CountingLoop();
        CountingLoop loopB = new CountingLoop();
        try {
            Shard a = new Shard(loopA, 0);
            Shard b = new Shard(loopB, 0);
            SseSubscriber sa = new SseSubscriber("a", Matcher.topics(List.of(selectors.parse("https://e/1"))),
                    Anonymous.INSTANCE, channel(), a, 0, SETUP, "test", gone -> { });
            loopA.submit(() -> a.add(sa)).sync();
            EventFanOut fanOut = new EventFanOut(List.of(a, b), HubTraces.OFF);
            int beforeA = loopA.executed.get();
            int beforeB = loopB.executed.get();
            fanOut.accept(event("x", "https://e/1"));
            fanOut.accept(event("y", "https://e/2"));
            assertThat(loopA.executed.get() - beforeA).isEqualTo(1);
            assertThat(loopB.executed.get() - beforeB).isZero();
        } finally {
            loopA.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
            loopB.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** A real event loop that counts the tasks handed to it. */
    private static final class CountingLoop extends io.netty.channel.DefaultEventLoop {
        final java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void execute(Runnable task) {
            executed.incrementAndGet();
            super.execute(task);
        }
    }

    @Test
    @DisplayName("each matching subscriber gets the event once, framed as one HTTP chunk, and is flushed")
    void dispatchOncePerSubscriber() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        SseSubscriber sa = subscriber(a, "https://e/{x}", "https://e/1", "*");
        sa.goLive();
        subscriber(b, "other").goLive();
        Event e = event("hello", "https://e/1");
        dispatch(e);
        assertThat(written(a)).containsExactly(chunk(e));
        assertThat(written(b)).isEmpty();
    }

    @Test
    @DisplayName("a delivery through the channel (every one on io_uring) is a view sharing the shared chunk's count, "
            + "not a recycled duplicate with a count of its own, which the loop's recycler would keep after the "
            + "broadcast")
    void deliveriesShareTheChunksCount() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        subscriber(a, "t").goLive();
        subscriber(b, "t").goLive();
        Event e = event("hello", "t");
        ByteBuf chunk = Chunks.frame(PooledByteBufAllocator.DEFAULT, e.sse());
        shard.dispatch(e, chunk); // releases the shard's own reference
        ByteBuf toA = a.readOutbound();
        ByteBuf toB = b.readOutbound();
        assertThat(toA.unwrap()).isSameAs(chunk);
        assertThat(toB.unwrap()).isSameAs(chunk);
        assertThat(chunk.refCnt()).isEqualTo(2); // one reference per pending delivery
        assertThat(toA.refCnt()).isEqualTo(chunk.refCnt());
        assertThat(toA.toString(StandardCharsets.UTF_8)).isEqualTo(chunk(e));
        toA.release();
        assertThat(chunk.refCnt()).isEqualTo(1);
        toB.release();
        assertThat(chunk.refCnt()).isZero();
    }

    @Test
    @DisplayName("during a replay live events wait, then follow the replay without duplicates (architecture.md)")
    void replayThenLive() {
        EmbeddedChannel ch = channel();
        SseSubscriber s = subscriber(ch, "t");
        Event e1 = event("1", "t");
        Event e2 = event("2", "t");
        Event e3 = event("3", "t");
        dispatch(e2); // both arrive live while the history read is still running
        dispatch(e3);
        assertThat(written(ch)).isEmpty();
        s.replay(List.of(e1, e2)); // the history read saw e1 and e2
        assertThat(written(ch)).containsExactly(chunk(e1), chunk(e2), chunk(e3));
        Event e4 = event("4", "t");
        dispatch(e4);
        dispatch(e3); // a late duplicate is dropped
        assertThat(written(ch)).containsExactly(chunk(e4));
        assertThat(shard.stats().deliveries()).as("the events written, once each: not the duplicates").isEqualTo(4);
    }

    @Test
    @DisplayName("stats: the selectors of the current subscribers by kind, and the subscribers ever added")
    void statsBySelectorKind() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        SseSubscriber sa = subscriber(a, "https://e/1", "https://e/{x}", "*");
        subscriber(b, "https://e/2");
        ShardStats stats = shard.stats();
        assertThat(stats.selectors(ShardStats.SelectorKind.EXACT)).isEqualTo(2);
        assertThat(stats.selectors(ShardStats.SelectorKind.TEMPLATE)).isEqualTo(1);
        assertThat(stats.selectors(ShardStats.SelectorKind.ALL)).isEqualTo(1);
        assertThat(stats.selectors(ShardStats.SelectorKind.URLPATTERN)).isZero();
        shard.remove(sa);
        shard.remove(sa); // a second removal changes nothing
        assertThat(stats.selectors(ShardStats.SelectorKind.EXACT)).isEqualTo(1);
        assertThat(stats.selectors(ShardStats.SelectorKind.TEMPLATE)).isZero();
        assertThat(stats.selectors(ShardStats.SelectorKind.ALL)).isZero();
        assertThat(stats.subscribed()).isEqualTo(2);
    }

    @Test
    @DisplayName("patterns are matched off the loop: exact subscribers are served at once, pattern ones in event order")
    void patternsMatchedElsewhereInOrder() {
        List<Runnable> matching = new ArrayList<>();
        shard = new Shard(channel().eventLoop(), 0, matching::add);
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        subscriber(a, "https://e/{x}", "https://e/1").goLive();
        subscriber(b, "https://e/1").goLive();
        Event e1 = event("1", "https://e/1");
        Event e2 = event("2", "https://e/1");
        dispatch(e1);
        dispatch(e2);
        assertThat(written(b)).containsExactly(chunk(e1), chunk(e2));
        assertThat(written(a)).as("waits for its patterns, even for the topic it selects exactly").isEmpty();
        assertThat(matching).hasSize(2);
        matching.get(1).run();
        assertThat(written(a)).as("e2 is matched, but e1 is not yet: nothing out of order").isEmpty();
        matching.get(0).run();
        assertThat(written(a)).containsExactly(chunk(e1), chunk(e2));
    }

    @Test
    @DisplayName("more events waiting for their patterns than the bound: the pattern subscribers are disconnected as slow")
    void boundedWaitForPatterns() {
        List<Runnable> matching = new ArrayList<>();
        shard = new Shard(channel().eventLoop(), 0, matching::add);
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        subscriber(a, "https://e/{x}").goLive();
        subscriber(b, "https://e/1").goLive();
        for (int i = 0; i <= Shard.MAX_PENDING; i++) {
            dispatch(event("x", "https://e/1"));
        }
        assertThat(shard.stats().slowDisconnects()).isEqualTo(1);
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isTrue();
        assertThat(written(b)).hasSize(Shard.MAX_PENDING + 1);
        matching.forEach(Runnable::run); // late answers find nothing left to deliver
        assertThat(written(b)).isEmpty();
        assertThat(shard.stats().slowDisconnects()).isEqualTo(1);
    }

    @Test
    @DisplayName("a replay only sends the events the subscriber selects; against patterns, matched off the loop")
    void replayFilters() {
        EmbeddedChannel exact = channel();
        EmbeddedChannel pattern = channel();
        SseSubscriber byExact = subscriber(exact, "https://e/1");
        SseSubscriber byPattern = subscriber(pattern, "https://e/{x}");
        Event mine = event("y", "https://e/1");
        Event other = event("x", "theirs");
        Event live = event("z", "https://e/1");
        byExact.replay(List.of(mine, other));
        byPattern.replay(List.of(mine, other));
        dispatch(other);
        dispatch(live);
        pattern.runPendingTasks(); // the matching's answer comes back to the loop as a task
        assertThat(written(exact)).containsExactly(chunk(mine), chunk(live));
        assertThat(written(pattern)).containsExactly(chunk(mine), chunk(live));
    }

    @Test
    @DisplayName("architecture.md Slow subscribers: a subscriber whose pending bytes pass its buffer is disconnected, "
            + "and counted")
    void slowSubscriber() {
        EmbeddedChannel ch = channel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32, 64));
        SseSubscriber s = subscriber(ch, "t");
        s.goLive();
        // Writability is checked after each write and before the dispatch's flush: 200 bytes pend.
        dispatch(event("x".repeat(200), "t"));
        assertThat(ch.isOpen()).as("judged after the loop's next I/O turn, not at once").isTrue();
        // Stands in for a socket that took nothing in that turn: the channel stays unwritable.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        nextTurn();
        assertThat(shard.stats().slowDisconnects()).isEqualTo(1);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    @DisplayName("a subscriber past its buffer for a moment (io_uring: bytes pend until the kernel completes the "
            + "send in the loop's next turn) that the next I/O turn drains is kept")
    void drainedByTheNextTurn() {
        EmbeddedChannel ch = channel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32, 64));
        SseSubscriber s = subscriber(ch, "t");
        s.goLive();
        dispatch(event("x".repeat(200), "t")); // EmbeddedChannel's flush drained it: writable again
        nextTurn();
        assertThat(shard.stats().slowDisconnects()).isZero();
        assertThat(ch.isOpen()).isTrue();
        dispatch(event("y".repeat(10), "t"));
        assertThat(written(ch)).hasSize(2);
    }

    @Test
    @DisplayName("removed subscribers get nothing; end() writes the last chunk and closes")
    void removeAndEnd() {
        EmbeddedChannel ch = channel();
        SseSubscriber s = subscriber(ch, "t");
        s.goLive();
        shard.remove(s);
        dispatch(event("gone", "t"));
        assertThat(written(ch)).isEmpty();
        assertThat(shard.size()).isZero();
        s.end();
        assertThat(written(ch)).containsExactly("0\r\n\r\n");
        assertThat(ch.isOpen()).isFalse();
        ch.runPendingTasks();
        assertThat(closedOnce.get()).isEqualTo(1); // the close callback runs once, from the stream handler
        s.closed();
        assertThat(closedOnce.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("the encoder's bytes are what goes on the wire")
    void encoderBytes() {
        Event e = event("a\nb", "t");
        assertThat(new String(e.sse(), StandardCharsets.UTF_8)).isEqualTo("id: id-" + sequence + "\ndata: a\ndata: b\n\n");
    }
}
