package dev.quicksilver.server.sse;

import dev.quicksilver.core.subscriber.SubscriberIndex;
import dev.quicksilver.core.update.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscribers of one event loop. Every method runs on that loop (asserted), so the index needs
 * no lock and a dispatch writes to all its streams first and flushes each once; only
 * {@link #mayWant} and {@link #stats} are read from other threads. One timer per shard, not per
 * stream, sends heartbeats and ends streams at their deadline.
 */
public final class Shard {
    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final SubscriberIndex<SseSubscriber> index = new SubscriberIndex<>();
    private final List<SseSubscriber> all = new ArrayList<>();
    private final List<SseSubscriber> touched = new ArrayList<>();
    private final List<SseSubscriber> slow = new ArrayList<>();
    private final long heartbeatNanos;
    private final ShardStats stats = new ShardStats();
    private final Interest interest = new Interest();

    public Shard(EventLoop loop, long heartbeatNanos) {
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

    /** Delivers one event to this shard's subscribers, framed once for all of them. */
    void dispatch(Event event) {
        if (index.size() == 0) {
            return;
        }
        dispatch(event, Chunks.frame(PooledByteBufAllocator.DEFAULT, event.sse()));
    }

    /** Delivers one event to this shard's subscribers; releases the chunk. */
    void dispatch(Event event, ByteBuf chunk) {
        assert loop.inEventLoop();
        long now = System.nanoTime();
        try {
            index.forEachRecipient(event.update(), s -> {
                if (!s.deliver(event, chunk, now)) {
                    slow.add(s);
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
            chunk.release();
        }
        if (!slow.isEmpty()) {
            for (SseSubscriber s : slow) {
                stats.slowDisconnect();
                s.abort();
            }
            slow.clear();
        }
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
