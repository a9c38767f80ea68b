package dev.quicksilver.server.sse;

import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.update.Event;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * A subscriber whose stream is an HTTP/1.1 chunked response on a Netty channel. Events are written
 * already framed, past the HTTP codec (through the codec's context), so that one buffer serves
 * every stream.
 *
 * <p>Confined to its channel's event loop: every method must be called there.
 *
 * <p>Life: {@link #open} writes the headers; with a cursor the subscriber first replays history
 * (live events that arrive meanwhile wait in a bounded buffer), then goes live. An event whose
 * sequence is not above the last one written is skipped, so a replay and the live feed never
 * deliver the same event twice.
 */
public final class SseSubscriber extends Subscriber {
    private enum State { REPLAYING, LIVE, CLOSED }

    private record Buffered(long sequence, ByteBuf chunk) {}

    private final Channel channel;
    private final ChannelHandlerContext out;
    private final Shard shard;
    private final long deadlineNanos;
    private final int bufferLimit;
    private final String client;
    private State state = State.REPLAYING;
    private long lastSequence = -1;
    private long lastWriteNanos;
    private ArrayDeque<Buffered> buffered;
    private int bufferedBytes;
    private Iterator<Event> replay;
    int slot = -1;
    boolean dirty;

    /**
     * @param out the context of the HTTP codec: writes through it bypass the codec
     * @param deadlineNanos the {@link System#nanoTime()} at which the stream ends (token expiry or
     *     its longest life), 0 for never
     * @param bufferLimit bytes of live events that may wait during a replay
     * @param client who holds the stream, for connection limits
     */
    public SseSubscriber(String id, List<Matcher> matchers, Principal principal, Channel channel,
            ChannelHandlerContext out, Shard shard, long deadlineNanos, int bufferLimit, String client) {
        super(id, matchers, principal);
        this.client = client;
        this.channel = channel;
        this.out = out;
        this.shard = shard;
        this.deadlineNanos = deadlineNanos;
        this.bufferLimit = bufferLimit;
    }

    public Channel channel() {
        return channel;
    }

    /** Who holds the stream (the token's subject or the source address), for connection limits. */
    public String client() {
        return client;
    }

    Shard shard() {
        return shard;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    boolean live() {
        return state == State.LIVE;
    }

    /** Writes the response headers and the first comment line, which makes clients see the stream open. */
    public void open(HttpResponse headers) {
        channel.write(headers);
        write(Chunks.COMMENT.duplicate());
        out.flush();
    }

    /** Live from now on, with no history to replay. */
    public void goLive() {
        if (state == State.REPLAYING) {
            state = State.LIVE;
            drainBuffered();
            out.flush();
        }
    }

    /** Replays these events (oldest first) as the socket accepts them, then goes live. */
    public void replay(List<Event> events) {
        if (state != State.REPLAYING) {
            return;
        }
        replay = events.iterator();
        pump();
    }

    /** Continues a replay once the socket accepts more; called when the channel becomes writable. */
    public void pump() {
        if (state != State.REPLAYING || replay == null) {
            return;
        }
        while (replay.hasNext() && channel.isWritable()) {
            Event event = replay.next();
            lastSequence = event.sequence();
            if (wants(event.update())) {
                write(Chunks.frame(channel.alloc(), event.sse()));
            }
        }
        if (!replay.hasNext()) {
            replay = null;
            state = State.LIVE;
            drainBuffered();
        }
        out.flush();
    }

    /**
     * Offers an event to this subscriber (it already matched and may read it). Does not flush.
     *
     * @return false when the subscriber cannot keep up and must be disconnected
     */
    boolean deliver(Event event, ByteBuf chunk) {
        switch (state) {
            case LIVE -> {
                if (event.sequence() > lastSequence) {
                    lastSequence = event.sequence();
                    write(chunk.retainedDuplicate());
                }
                return channel.isWritable();
            }
            case REPLAYING -> {
                if (buffered == null) {
                    buffered = new ArrayDeque<>();
                }
                buffered.add(new Buffered(event.sequence(), chunk.retainedDuplicate()));
                bufferedBytes += chunk.readableBytes();
                return bufferedBytes <= bufferLimit;
            }
            default -> {
                return true;
            }
        }
    }

    void flush() {
        out.flush();
    }

    void heartbeat(long now) {
        write(Chunks.COMMENT.duplicate());
        lastWriteNanos = now;
        out.flush();
    }

    /** Ends the stream with the last chunk, so that the client reconnects, and closes the connection. */
    public void end() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        releaseBuffered();
        if (channel.isActive()) {
            out.writeAndFlush(Chunks.LAST.duplicate()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Drops the connection at once (a slow subscriber: it resumes with Last-Event-ID). */
    void abort() {
        state = State.CLOSED;
        releaseBuffered();
        channel.close();
    }

    /** Called once the channel is closed, whoever closed it. */
    public void closed() {
        state = State.CLOSED;
        releaseBuffered();
    }

    private void write(ByteBuf chunk) {
        out.write(chunk, out.voidPromise());
        lastWriteNanos = System.nanoTime();
    }

    private void drainBuffered() {
        if (buffered == null) {
            return;
        }
        for (Buffered b : buffered) {
            if (b.sequence() > lastSequence) {
                lastSequence = b.sequence();
                write(b.chunk());
            } else {
                b.chunk().release();
            }
        }
        buffered = null;
        bufferedBytes = 0;
    }

    private void releaseBuffered() {
        if (buffered != null) {
            buffered.forEach(b -> b.chunk().release());
            buffered = null;
        }
        replay = null;
    }
}
