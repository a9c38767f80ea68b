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
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A subscriber whose stream is an HTTP/1.1 chunked response on a Netty channel, or an HTTP/2 stream
 * (a child channel of the connection). Once the headers are written the codec leaves the pipeline,
 * and events are written already framed, so that one buffer serves every stream: HTTP/1.1 chunks as
 * they are, for HTTP/2 the same bytes in DATA frames ({@link DataFrames}). The framing is chosen
 * once, when the stream opens.
 *
 * <p>Confined to its channel's event loop: every method must be called there (asserted).
 *
 * <p>Life: {@link #open} writes the headers; with a cursor the subscriber first replays history
 * (live events that arrive meanwhile wait in a bounded buffer), then goes live. An event whose
 * sequence is not above the last one written is skipped, so a replay and the live feed never
 * deliver the same event twice.
 */
public final class SseSubscriber extends Subscriber {
    private enum State { REPLAYING, LIVE, CLOSED }

    private record Buffered(long sequence, ByteBuf chunk) {}

    /**
     * What every stream of a hub shares.
     *
     * @param stages the pipeline changes that turn a request into a stream
     * @param bufferLimit bytes of live events that may wait during a replay
     * @param directSend whether cleartext HTTP/1.1 streams may use {@link DirectSend}
     */
    public record Setup(StreamStages stages, int bufferLimit, boolean directSend) {}

    private final Channel channel;
    /** An HTTP/2 stream: events go out as DATA frames, and the channel is the stream, not the connection. */
    private final boolean http2;
    private final Shard shard;
    private final long deadlineNanos;
    private final Setup setup;
    private final String client;
    private final Consumer<SseSubscriber> onClosed;
    /** Where writes start, once the stream is open: the stream handler's context; null before. */
    private @Nullable ChannelHandlerContext out;
    /** The fast path, once open, on cleartext HTTP/1.1 when enabled; else null. */
    private @Nullable DirectSend direct;
    /** Written through the channel since the last flush. */
    private boolean unflushed;
    private State state = State.REPLAYING;
    private boolean cleanedUp;
    private long lastSequence = -1;
    private long lastWriteNanos;
    /** Live events that arrived during a replay; null when none. */
    private @Nullable ArrayDeque<Buffered> buffered;
    private int bufferedBytes;
    /** The rest of a replay; null when none is under way. */
    private @Nullable Iterator<Event> replay;
    /** The replay holds only events this subscriber wants (its patterns were matched off the loop). */
    private boolean replayFiltered;
    /** The sequence of the replay's last event, whether wanted or not. */
    private long replayEnd = -1;
    int slot = -1;
    boolean dirty;
    /** Past its buffer at a dispatch, waiting for the shard's judgement after the next I/O turn. */
    boolean overBuffer;

    /**
     * @param deadlineNanos the {@link System#nanoTime()} at which the stream ends (token expiry or
     *     its longest life), 0 for never
     * @param client who holds the stream, for connection limits
     * @param onClosed run once when the stream ends, however it ends
     */
    public SseSubscriber(String id, List<Matcher> matchers, Principal principal, Channel channel, Shard shard,
            long deadlineNanos, Setup setup, String client, Consumer<SseSubscriber> onClosed) {
        super(id, matchers, principal);
        this.client = client;
        this.channel = channel;
        this.http2 = channel instanceof Http2StreamChannel;
        this.shard = shard;
        this.deadlineNanos = deadlineNanos;
        this.setup = setup;
        this.onClosed = onClosed;
    }

    private boolean onLoop() {
        return channel.eventLoop().inEventLoop();
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

    /** An HTTP/2 stream (a child channel of the connection), not an HTTP/1.1 connection. */
    boolean http2() {
        return http2;
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

    /**
     * Makes the connection this subscriber's: its stream stage joins the pipeline in place of the
     * request's stages, and from now on ends the subscriber when the connection closes and ignores
     * what the client sends.
     */
    public void attach() {
        assert onLoop();
        setup.stages().attach(channel.pipeline(), new StreamHandler(this));
    }

    /**
     * Writes the response headers (through the HTTP codec), after which only the stream stage
     * (and TLS) stays in the pipeline, and writes the first comment line, which makes clients see
     * the stream open.
     */
    public void open(HttpResponse headers) {
        assert onLoop();
        if (state == State.CLOSED || !channel.isActive()) {
            return;
        }
        channel.write(headers);
        out = setup.stages().headersWritten(channel.pipeline());
        direct = DirectSend.of(setup.directSend(), channel, out, http2);
        write(Chunks.COMMENT.duplicate());
        flush();
    }

    /**
     * Answers the request with this refusal instead of a stream (before {@link #open}, while the
     * HTTP codec is still in the pipeline), then closes the connection; the channel's close ends the
     * subscriber as for any stream.
     */
    public void refuse(HttpResponse refusal) {
        assert onLoop();
        if (state == State.CLOSED || out != null) {
            return;
        }
        state = State.CLOSED;
        releaseBuffered();
        channel.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
    }

    /** Live from now on, with no history to replay. */
    public void goLive() {
        assert onLoop();
        if (state == State.REPLAYING) {
            state = State.LIVE;
            drainBuffered();
            flush();
            shard.stats().publish();
        }
    }

    /**
     * Replays these events (oldest first) as the socket accepts them, then goes live. With URI
     * Templates or URL Patterns, the events are first matched on the matching threads
     * ({@link PatternMatching}): a long history against costly patterns must not hold the loop.
     */
    public void replay(List<Event> events) {
        assert onLoop();
        if (state != State.REPLAYING) {
            return;
        }
        if (!selectsByPattern() || events.isEmpty()) {
            startReplay(events, false);
            return;
        }
        try {
            shard.matching().execute(() -> {
                List<Event> wanted = events.stream().filter(e -> wants(e.update())).toList();
                channel.eventLoop().execute(() -> {
                    replayEnd = events.get(events.size() - 1).sequence();
                    startReplay(wanted, true);
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            startReplay(events, false);
        }
    }

    private void startReplay(List<Event> events, boolean filtered) {
        if (state != State.REPLAYING) {
            return;
        }
        replay = events.iterator();
        replayFiltered = filtered;
        pump();
    }

    /** Continues a replay once the socket accepts more; called when the channel becomes writable. */
    public void pump() {
        assert onLoop();
        if (state != State.REPLAYING || replay == null) {
            return;
        }
        while (replay.hasNext() && channel.isWritable()) {
            Event event = replay.next();
            lastSequence = event.sequence();
            if (replayFiltered || wants(event.update())) {
                write(Chunks.frame(channel.alloc(), event.sse()));
                shard.stats().wrote();
            }
        }
        if (!replay.hasNext()) {
            replay = null;
            lastSequence = Math.max(lastSequence, replayEnd);
            state = State.LIVE;
            drainBuffered();
        }
        flush();
        shard.stats().publish();
    }

    /**
     * Offers an event to this subscriber (it already matched and may read it). Does not flush.
     *
     * @return false when the subscriber cannot keep up and must be disconnected
     */
    boolean deliver(Event event, ByteBuf chunk, long now) {
        assert onLoop();
        switch (state) {
            case LIVE -> {
                if (event.sequence() > lastSequence) {
                    lastSequence = event.sequence();
                    send(chunk, now);
                    shard.stats().wrote(); // published by the shard once per dispatch
                }
                return channel.isWritable();
            }
            case REPLAYING -> {
                if (buffered == null) {
                    buffered = new ArrayDeque<>();
                }
                buffered.add(new Buffered(event.sequence(), chunk.duplicate().retain()));
                bufferedBytes += chunk.readableBytes();
                return bufferedBytes <= setup.bufferLimit();
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * One live delivery. When the fast path allows ({@link DirectSend}: a subscriber that keeps up
     * on cleartext HTTP/1.1), the framed bytes go straight to the socket in one send(2): no
     * duplicate of the shared buffer, no outbound entry, no flush, which were most of the hub's
     * own work per delivery. send(2) rather than write(2), as nginx does: the kernel goes to the
     * socket without the generic file write path (about 5 % of a broadcast's CPU, nearly all of
     * which is the kernel's). What the socket does not take, and every other delivery, goes
     * through the channel.
     */
    private void send(ByteBuf chunk, long now) {
        int written;
        try {
            written = direct == null ? -1 : direct.trySend(chunk);
        } catch (IOException e) {
            channel.close(); // the peer is gone; the stream handler ends this subscriber
            return;
        }
        if (written < 0) {
            // A plain view that shares the chunk's reference count, not retainedDuplicate(): that
            // one is a recycled object with a count of its own, and a broadcast through the channel
            // (every delivery on io_uring) takes one per subscriber at once, all of which then
            // stay in the loop's recycler pool, up to 4,096 per loop, long after the broadcast.
            write(chunk.duplicate().retain(), now);
            return;
        }
        int length = chunk.readableBytes();
        lastWriteNanos = now;
        if (written < length) {
            write(chunk.retainedSlice(chunk.readerIndex() + written, length - written), now);
        }
    }

    void flush() {
        assert onLoop();
        if (!unflushed) {
            return;
        }
        unflushed = false;
        if (direct != null) {
            direct.flush();
        } else if (out != null) {
            out.flush();
        }
    }

    void heartbeat(long now) {
        write(Chunks.COMMENT.duplicate(), now);
        flush();
    }

    /**
     * Ends the stream with the last chunk (HTTP/2: END_STREAM), so that the client reconnects, and
     * closes the connection (HTTP/2: the stream's channel only).
     */
    public void end() {
        assert onLoop();
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        releaseBuffered();
        if (out != null && channel.isActive()) {
            ByteBuf last = Chunks.LAST.duplicate();
            out.writeAndFlush(http2 ? DataFrames.of(last) : last).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /**
     * Drops the connection at once (a slow subscriber: it resumes with Last-Event-ID). On HTTP/2,
     * closing the stream's channel resets that stream alone (RST_STREAM, CANCEL).
     */
    void abort() {
        assert onLoop();
        state = State.CLOSED;
        releaseBuffered();
        channel.close();
    }

    /** Called when the channel is closed, whoever closed it; cleans up once. */
    public void closed() {
        assert onLoop();
        state = State.CLOSED;
        releaseBuffered();
        if (!cleanedUp) {
            cleanedUp = true;
            onClosed.accept(this);
        }
    }

    private void write(ByteBuf chunk) {
        write(chunk, System.nanoTime());
    }

    /**
     * Writes framed bytes. On the fast path, straight to the channel's transport, skipping the
     * walk through the pipeline that would reach the same place. Else through the stream stage's
     * context: to the socket, to TLS, or as a DATA frame to the HTTP/2 stream's channel.
     */
    private void write(ByteBuf chunk, long now) {
        if (out == null) {
            chunk.release(); // not open yet: nothing may precede the headers
            return;
        }
        if (direct != null) {
            direct.write(chunk);
        } else {
            out.write(http2 ? DataFrames.of(chunk) : chunk, out.voidPromise());
        }
        unflushed = true;
        lastWriteNanos = now;
    }

    private void drainBuffered() {
        if (buffered == null) {
            return;
        }
        for (Buffered b : buffered) {
            if (b.sequence() > lastSequence) {
                lastSequence = b.sequence();
                write(b.chunk());
                shard.stats().wrote();
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
