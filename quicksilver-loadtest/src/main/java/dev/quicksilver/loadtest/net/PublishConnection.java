package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.PublishLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;

/**
 * One of the publisher's keep-alive connections, with at most one request in flight. Requests are
 * written as ready-made bytes (no encoder); answers are decoded and aggregated by Netty's codec.
 * The same object survives reconnections.
 *
 * <p>Confined to the publisher's event loop.
 */
final class PublishConnection extends SimpleChannelInboundHandler<FullHttpResponse> {
    static final AttributeKey<PublishConnection> KEY = AttributeKey.valueOf(PublishConnection.class, "connection");

    private final Publisher publisher;
    private final Metrics metrics;
    private final int hub;
    private Channel channel;
    private boolean inFlight;
    private long sentNanos;
    private int subscribers;
    private int seq;

    /** @param hub the index of the hub it connects to */
    PublishConnection(Publisher publisher, int hub) {
        this.publisher = publisher;
        this.metrics = publisher.metrics();
        this.hub = hub;
    }

    int hub() {
        return hub;
    }

    @Override
    public boolean isSharable() {
        return true; // one channel at a time, across reconnections
    }

    Channel channel() {
        return channel;
    }

    boolean inFlight() {
        return inFlight;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        publisher.connected(this);
    }

    /** Writes one request; {@code subscribers} is what the publish should deliver. */
    void send(ByteBuf request, int seq, long stamp, int subscribers) {
        inFlight = true;
        this.seq = seq;
        sentNanos = stamp;
        this.subscribers = subscribers;
        channel.writeAndFlush(request).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (!inFlight) {
            ctx.close(); // an answer to nothing
            return;
        }
        inFlight = false;
        metrics.publishLatency.recordValue(Metrics.clamp(System.nanoTime() - sentNanos));
        int status = response.status().code();
        // Mercure answers 200; Nchan 201 or 202 (channel created, or message queued).
        if (status >= 200 && status < 300) {
            metrics.published.incrementAndGet();
            metrics.expected.addAndGet(subscribers);
            metrics.publishes.answered(seq, PublishLog.Outcome.OK);
        } else {
            metrics.publishFailures.add("HTTP " + status);
            metrics.publishes.answered(seq, PublishLog.Outcome.REFUSED);
        }
        if (HttpUtil.isKeepAlive(response) && response.decoderResult().isSuccess()) {
            publisher.ready(this);
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abort(Failures.reason(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abort("connection closed before the answer");
        channel = null;
        publisher.closed(this);
    }

    void checkTimeout(long now, long timeoutNanos) {
        if (inFlight && now - sentNanos > timeoutNanos) {
            abort("no answer within " + timeoutNanos / 1_000_000_000 + " s");
        }
    }

    /** Fails the publish in flight, if any, and closes. */
    void abort(String reason) {
        if (inFlight) {
            inFlight = false;
            metrics.publishFailures.add(reason);
            metrics.publishes.answered(seq, PublishLog.Outcome.UNKNOWN);
        }
        if (channel != null) {
            channel.close();
        }
    }

    void close() {
        if (channel != null) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
