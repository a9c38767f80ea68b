package dev.quicksilver.server.sse;

import dev.quicksilver.core.subscriber.SubscriberIndex;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The subscribers of one event loop. Every method runs on that loop (asserted), so the index needs
 * no lock and a dispatch writes to all its streams first and flushes each once; only
 * {@link #mayWant} and {@link #stats} are read from other threads. One timer per shard, not per
 * stream, sends heartbeats and ends streams at their deadline.
 *
 * <p>No regular expression runs on the loop: a dispatch serves at once the subscribers that select
 * by exact topic or {@code *} only, and hands the URI Templates and URL Patterns to the matching
 * threads ({@link PatternMatching}); when their answer is back, the subscribers with patterns are
 * served, in the order of the events. The wait is bounded: when more than {@link #MAX_PENDING}
 * events wait for their patterns, the subscribers with patterns are disconnected as slow ones are,
 * to resume from the history when they reconnect.
 */
public final class Shard {
    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Events waiting for their patterns to be matched, at most. */
    static final int MAX_PENDING = 1024;

    /** An event whose patterns are being matched; {@link #matched} is set once they are. */
    private static final class Pending {
        final Event event;
        final ByteBuf chunk;
        final TopicSelector[] selectors;
        volatile boolean[] matched;

        Pending(Event event, ByteBuf chunk, TopicSelector[] selectors) {
            this.event = event;
            this.chunk = chunk;
            this.selectors = selectors;
        }
    }

    private final EventLoop loop;
    private final SubscriberIndex<SseSubscriber> index = new SubscriberIndex<>();
    private final List<SseSubscriber> all = new ArrayList<>();
    private final List<SseSubscriber> touched = new ArrayList<>();
    private final List<SseSubscriber> slow = new ArrayList<>();
    /** Live subscribers found past their buffer by a dispatch, judged after the loop's next I/O turn. */
    private final List<SseSubscriber> overBuffer = new ArrayList<>();
    private boolean judgementScheduled;
    private final long heartbeatNanos;
    private final ShardStats stats = new ShardStats();
    /** Subscribers the event being dispatched reached: counted for the fan-out span, on this loop only. */
    private int deliveries;
    private final Interest interest = new Interest();
    private final Executor matching;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    public Shard(EventLoop loop, long heartbeatNanos) {
        this(loop, heartbeatNanos, PatternMatching.shared());
    }

    /** @param matching where URI Templates and URL Patterns are matched, off the loop */
    public Shard(EventLoop loop, long heartbeatNanos, Executor matching) {
        this.matching = matching;
        this.loop = loop;
        this.heartbeatNanos = heartbeatNanos;
        loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    public EventLoop loop() {
        return loop;
    }

    public int size() {
        return all.size();
    }

    /** Where this shard's patterns are matched. */
    Executor matching() {
        return matching;
    }

    /** This shard's counts, readable from any thread (for the metrics). */
    public ShardStats stats() {
        return stats;
    }

    public void add(SseSubscriber s) {
        assert loop.inEventLoop();
        index.add(s);
        interest.add(s);
        s.slot = all.size();
        all.add(s);
        stats.subscribed(s);
        long untilDeadline = s.deadlineNanos() - System.nanoTime();
        if (s.deadlineNanos() != 0 && untilDeadline < 2 * TICK_NANOS) {
            // Too close for the shared tick to end it in time.
            loop.schedule(s::end, Math.max(0, untilDeadline - TICK_NANOS / 10), TimeUnit.NANOSECONDS);
        }
    }

    public void remove(SseSubscriber s) {
        assert loop.inEventLoop();
        if (s.slot < 0) {
            return;
        }
        index.remove(s);
        interest.remove(s);
        stats.unsubscribed(s);
        SseSubscriber last = all.remove(all.size() - 1);
        if (last != s) {
            all.set(s.slot, last);
            last.slot = s.slot;
        }
        s.slot = -1;
    }

    /** False when no subscriber of this shard can receive the update; from any thread. */
    boolean mayWant(Event event) {
        return interest.mayWant(event.update());
    }

    /**
     * Delivers one event to this shard's subscribers, framed once for all of them.
     *
     * @return the subscribers it was delivered to now (for the fan-out span): those with
     *     patterns are matched on another thread and served later, uncounted
     */
    int dispatch(Event event) {
        if (index.size() == 0) {
            return 0;
        }
        deliveries = 0;
        dispatch(event, Chunks.frame(PooledByteBufAllocator.DEFAULT, event.sse()));
        return deliveries;
    }

    /**
     * Delivers one event to this shard's subscribers without patterns now, and to those with
     * patterns once they are matched; releases the chunk.
     */
    void dispatch(Event event, ByteBuf chunk) {
        assert loop.inEventLoop();
        try {
            deliver(event, chunk, recipient -> index.forEachPlainRecipient(event.update(), recipient));
            if (index.patternSubscribers() > 0) {
                matchElsewhere(event, chunk.retain());
            }
        } finally {
            chunk.release();
        }
    }

    private void matchElsewhere(Event event, ByteBuf chunk) {
        if (pending.size() >= MAX_PENDING) {
            chunk.release();
            disconnectPatternSubscribers();
            return;
        }
        Pending p = new Pending(event, chunk, index.patternSelectors());
        pending.add(p);
        try {
            matching.execute(() -> {
                p.matched = PatternMatching.match(p.selectors, event.update());
                if (loop.inEventLoop()) {
                    deliverMatched();
                    return;
                }
                try {
                    loop.execute(this::deliverMatched);
                } catch (RejectedExecutionException e) {
                    // the loop is shutting down: its streams are ending
                }
            });
        } catch (RejectedExecutionException e) {
            p.matched = new boolean[p.selectors.length];
            deliverMatched();
        }
    }

    /** Serves the subscribers with patterns, event by event in order, as far as the matching is done. */
    private void deliverMatched() {
        assert loop.inEventLoop();
        while (!pending.isEmpty() && pending.peek().matched != null) {
            Pending p = pending.poll();
            try {
                deliver(p.event, p.chunk, recipient -> index.forEachPatternRecipient(p.event.update(), p.selectors,
                        p.matched, recipient));
            } finally {
                p.chunk.release();
            }
        }
    }

    /** Too many events wait for their patterns: those subscribers cannot keep up. */
    private void disconnectPatternSubscribers() {
        for (Pending p : pending) {
            p.chunk.release();
        }
        pending.clear();
        for (SseSubscriber s : new ArrayList<>(all)) {
            if (s.selectsByPattern()) {
                stats.slowDisconnect();
                s.abort();
            }
        }
    }

    /**
     * Offers the event to the recipients that {@code visit} finds, flushes each of them once, then
     * disconnects those whose replay cannot keep up; those past their buffer are judged after the
     * next I/O turn ({@link #overBuffer}).
     */
    private void deliver(Event event, ByteBuf chunk, Consumer<Consumer<SseSubscriber>> visit) {
        long now = System.nanoTime();
        try {
            visit.accept(s -> {
                deliveries++;
                if (!s.deliver(event, chunk, now)) {
                    if (s.live() && !s.http2()) {
                        overBuffer(s);
                    } else {
                        // A replay's waiting events past their bound, or an HTTP/2 stream past its
                        // buffer behind a closed flow-control window: no I/O turn changes either.
                        slow.add(s);
                    }
                }
                if (!s.dirty) {
                    s.dirty = true;
                    touched.add(s);
                }
            });
            for (SseSubscriber s : touched) {
                s.dirty = false;
                s.flush();
            }
        } finally {
            stats.publish();
            touched.clear();
        }
        if (!slow.isEmpty()) {
            for (SseSubscriber s : slow) {
                stats.slowDisconnect();
                s.abort();
            }
            slow.clear();
        }
    }

    /**
     * A live subscriber whose pending bytes passed its buffer is judged once the loop has had its
     * next turn of I/O, not at once. On epoll a flush writes to the socket before it returns, and
     * what stays pending is what the socket refused; on io_uring a flush only queues a submission,
     * and the bytes stay pending in the channel until the kernel completes it in the next turn, so
     * that a burst of large events to a subscriber that reads well would pass a small buffer for
     * a moment. Whoever is still past its buffer after that turn has a socket that does not take
     * more: it is disconnected, as on every transport. (HTTP/1.1 streams only: an HTTP/2 stream's
     * buffer is the bytes queued behind its own flow-control window, which only the client opens.)
     */
    private void overBuffer(SseSubscriber s) {
        if (s.overBuffer) {
            return;
        }
        s.overBuffer = true;
        overBuffer.add(s);
        if (!judgementScheduled) {
            judgementScheduled = true;
            // A task scheduled now runs after the loop's next I/O turn: Netty moves due scheduled
            // tasks to the task queue only when it starts running tasks, after the I/O.
            loop.schedule(this::judgeOverBuffer, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void judgeOverBuffer() {
        assert loop.inEventLoop();
        judgementScheduled = false;
        for (SseSubscriber s : overBuffer) {
            s.overBuffer = false;
            if (s.live() && !s.channel().isWritable()) {
                stats.slowDisconnect();
                s.abort();
            }
        }
        overBuffer.clear();
    }

    private void tick() {
        assert loop.inEventLoop();
        long now = System.nanoTime();
        for (int i = all.size() - 1; i >= 0; i--) {
            SseSubscriber s = all.get(i);
            if (s.deadlineNanos() != 0 && s.deadlineNanos() - now <= TICK_NANOS) {
                s.end();
            } else if (heartbeatNanos > 0 && s.live() && now - s.lastWriteNanos() >= heartbeatNanos) {
                s.heartbeat(now);
            }
        }
    }

    /** Ends every stream cleanly (shutdown): clients reconnect, to another node or later. */
    public void endAll() {
        assert loop.inEventLoop();
        for (SseSubscriber s : new ArrayList<>(all)) {
            s.end();
        }
    }
}
