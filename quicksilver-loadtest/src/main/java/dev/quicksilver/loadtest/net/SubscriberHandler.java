package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.SlowLog;
import dev.quicksilver.loadtest.sse.SseParser;
import dev.quicksilver.loadtest.sse.SseResponseDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;

/**
 * One subscriber: the only handler of its channel. A slow one ({@link SlowLog.Entry}) stops reading
 * once established, until {@link Subscribers#releaseSlow}, and counts its events apart; a resuming
 * one is a slow one's second stream, opened with {@code Last-Event-ID} after the hub cut the first.
 * A reconnecting one ({@code --reconnect}) is a measured subscriber's next stream, after its last
 * one ended: the {@link Subscriber} it serves counts each publish once over all its streams.
 *
 * <p>It writes the pre-encoded GET request, then decodes the response from the socket's bytes
 * ({@link SseResponseDecoder}) and records each event's latency. No HTTP codec, no per-event
 * objects: the per-connection state is this handler, its decoder and its parser. An HTTP/2
 * subscriber ({@link H2SubscriberHandler}) shares this bookkeeping and only reads frames instead.
 *
 * <p>Confined to its channel's event loop, except {@link #abandon} and {@link #close}, which hop onto it.
 */
class SubscriberHandler extends ChannelInboundHandlerAdapter
        implements SseResponseDecoder.Listener, SseParser.Listener {

    enum State { CONNECTING, AWAITING_HEAD, STREAMING, DONE }

    private final Subscribers fleet;
    private final Metrics metrics;
    private final Subscriber subscriber;
    private final int topic;
    private final ByteBuf request;
    private final SseResponseDecoder decoder;
    final SseParser parser;
    /** The slow subscriber this is, or null for a measured one. */
    private final SlowLog.Entry slow;
    private final boolean resuming;
    private final boolean reconnecting;
    private ChannelHandlerContext ctx;
    State state = State.CONNECTING;
    /** When the bytes being read arrived. */
    private long readNanos;

    /**
     * @param request the pre-encoded GET, or null for an HTTP/2 stream
     * @param slow the slow subscriber this is, or null for a measured one
     * @param resuming a slow one's second stream
     * @param reconnecting a measured one's next stream (its last one ended)
     */
    SubscriberHandler(Subscribers fleet, Metrics metrics, Subscriber subscriber, ByteBuf request, SlowLog.Entry slow,
            boolean resuming, boolean reconnecting) {
        this.fleet = fleet;
        this.metrics = metrics;
        this.subscriber = subscriber;
        this.topic = subscriber.group;
        this.request = request;
        this.slow = slow;
        this.resuming = resuming;
        this.reconnecting = reconnecting;
        this.parser = new SseParser(this, false, slow != null || fleet.reconnects());
        this.decoder = request == null ? null : new SseResponseDecoder(this, parser); // null: HTTP/2
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        state = State.AWAITING_HEAD;
        sendRequest(ctx).addListener(f -> {
            if (!f.isSuccess()) {
                fail(Failures.reason(f.cause()));
            }
        });
    }

    /** Writes the subscribe request: the pre-encoded HTTP/1.1 GET (the write releases it). */
    ChannelFuture sendRequest(ChannelHandlerContext ctx) {
        return ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.AWAITING_HEAD || state == State.STREAMING) {
                readNanos = System.nanoTime();
                read(msg);
            }
        } catch (SseResponseDecoder.MalformedResponseException e) {
            lost("malformed response: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Reads what the channel received (HTTP/1.1: the socket's bytes); does not release it. */
    void read(Object msg) {
        decoder.decode((ByteBuf) msg);
    }

    @Override
    public boolean onHead(int status, String contentType) {
        if (state != State.AWAITING_HEAD) {
            return false;
        }
        if (status != 200) {
            fail("HTTP " + status);
            return false;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            fail("HTTP 200 with Content-Type " + contentType);
            return false;
        }
        state = State.STREAMING;
        if (slow == null) {
            metrics.openPerHub.incrementAndGet(subscriber.hub);
        }
        if (slow == null && reconnecting) {
            // Still counted as established: it was while its stream was down.
            metrics.reconnects.increment();
            metrics.reconnectTime.recordValue(Metrics.clamp(System.nanoTime() - subscriber.lostNanos));
            subscriber.attempts = 0;
        } else if (slow == null) {
            subscriber.sinceNanos = System.nanoTime();
            metrics.established.incrementAndGet();
            metrics.establishedPerTopic.incrementAndGet(topic);
            fleet.settled();
        } else if (!resuming) {
            slow.established = true;
            if (!fleet.slowReleased()) {
                ctx.channel().config().setAutoRead(false); // what is already read is still decoded
            }
            fleet.settled();
        }
        return true;
    }

    @Override
    public void onEvent(long stamp, long sequence, int dataLength) {
        if (slow != null) {
            slowEvent(stamp, sequence);
        } else if (fleet.reconnects()) {
            // The id to resume from is that of the last event dispatched (WHATWG's last event ID),
            // not of an id line whose event the cut stream never completed.
            if (parser.lastEventId() != null) {
                subscriber.lastEventId = parser.lastEventId();
            }
            measuredEvent(stamp, sequence);
        } else {
            measuredEvent(stamp, sequence);
        }
    }

    private void measuredEvent(long stamp, long sequence) {
        if (stamp == SseParser.NO_STAMP || !metrics.plausible(stamp, sequence, readNanos)) {
            metrics.foreignEvents.increment();
        } else if (!subscriber.firstTime(sequence)) {
            metrics.duplicates.increment();
        } else {
            metrics.delivered(stamp, sequence, readNanos);
        }
    }

    private void slowEvent(long stamp, long sequence) {
        if (stamp == SseParser.NO_STAMP || sequence == SseParser.NO_SEQUENCE) {
            return;
        }
        if (resuming) {
            slow.reread(sequence);
        } else {
            slow.read(sequence, parser.lastEventId());
        }
    }

    @Override
    public void onComment() {
        metrics.heartbeats.increment();
    }

    @Override
    public void onBodyEnd() {
        lost("stream ended by the hub");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.STREAMING) {
            lost(fleet.closing() ? null : "connection closed by the hub");
        } else if (state != State.DONE) {
            fail(fleet.closing() ? "no response before the connect timeout" : "connection closed before the response");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.STREAMING) {
            lost(Failures.reason(cause));
        } else {
            fail(Failures.reason(cause));
        }
    }

    /** Not established yet at the connect timeout: counts it as failed and closes it. */
    void abandon() {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return; // not registered yet: its connect will fail or it is closed with the rest
        }
        c.executor().execute(() -> {
            if (state == State.CONNECTING || state == State.AWAITING_HEAD) {
                fail("no response before the connect timeout");
            }
        });
    }

    /** Closes at the end of the run, with a reset so that no TIME_WAIT holds the local port. */
    void close() {
        if (ctx == null) {
            return;
        }
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    /** Failed before being established. */
    void fail(String reason) {
        if (state == State.DONE || state == State.STREAMING) {
            return;
        }
        state = State.DONE;
        if (resuming) {
            slow.resumeFailure = reason;
        } else if (reconnecting) {
            fleet.reconnectFailed(subscriber, reason);
        } else {
            metrics.connectFailures.add(reason);
            fleet.settled();
        }
        ctx.close();
    }

    /** An established stream ended; {@code reason} null when the tool ended it. */
    void lost(String reason) {
        if (state != State.STREAMING) {
            fail(reason == null ? "closed by the tool" : reason);
            return;
        }
        state = State.DONE;
        ctx.close();
        if (slow != null) {
            if (reason != null && !resuming) {
                slow.cut = reason;
                fleet.resume(slow);
            } else if (reason != null) {
                slow.resumeFailure = "resumed stream ended: " + reason;
            }
            return;
        }
        metrics.openPerHub.decrementAndGet(subscriber.hub);
        if (reason != null) {
            metrics.disconnects.add(reason);
        }
        subscriber.lostNanos = System.nanoTime();
        if (reason == null || !fleet.reconnect(subscriber)) {
            fleet.gone(subscriber, reason == null ? Long.MAX_VALUE : subscriber.lostNanos);
        }
    }
}
