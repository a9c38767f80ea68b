package dev.quicksilver.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one place where a connection's pipeline is built, every stage named:
 * {@code http-codec → request-timeout → aggregator → hub}. When a request becomes an SSE stream,
 * the stages that only serve requests (timeout, aggregator) are removed: an idle stream holds no
 * timer and no buffer. The admin listener ({@link #admin}) has the same stages, ending in
 * {@code admin} instead of {@code hub}.
 */
public final class HubPipeline extends ChannelInitializer<SocketChannel> {
    public static final String HTTP_CODEC = "http-codec";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String AGGREGATOR = "aggregator";
    public static final String HUB = "hub";
    public static final String ADMIN = "admin";

    /** The longest request line and headers: long enough for many topic selectors in a query string. */
    private static final int MAX_INITIAL_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    /** The admin listener takes no body. */
    private static final int ADMIN_MAX_BODY = 8 * 1024;

    private final String name;
    private final ChannelHandler router;
    private final Cors cors;
    private final int maxBodySize;
    private final long readTimeoutNanos;

    public HubPipeline(HubRouter router, int maxBodySize,
            long readTimeoutNanos) {
        this(HUB, router, router.cors(), maxBodySize, readTimeoutNanos);
    }

    private HubPipeline(String name, ChannelHandler router, Cors cors, int maxBodySize, long readTimeoutNanos) {
        this.name = name;
        this.router = router;
        this.cors = cors;
        this.maxBodySize = maxBodySize;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    /** The admin listener's pipeline: {@code http-codec → request-timeout → aggregator → admin}. */
    public static HubPipeline admin(AdminRouter router, long readTimeoutNanos) {
        return new HubPipeline(ADMIN, router, router.cors(), ADMIN_MAX_BODY, readTimeoutNanos);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
        p.addLast(REQUEST_TIMEOUT, new RequestTimeout(readTimeoutNanos, cors));
        p.addLast(AGGREGATOR, new BodyLimit(maxBodySize, cors));
        p.addLast(name, router);
    }

    /** Drops the request-only stages once the connection carries a stream. */
    static void becomeStream(ChannelPipeline p) {
        if (p.get(REQUEST_TIMEOUT) != null) {
            p.remove(REQUEST_TIMEOUT);
        }
        if (p.get(AGGREGATOR) != null) {
            p.remove(AGGREGATOR);
        }
    }

    /**
     * Bounds the time to receive a request, from its first byte to its last (so a body that never
     * ends is answered 408), and the idle time of a keep-alive connection between requests.
     */
    static final class RequestTimeout extends ChannelDuplexHandler {
        private final long nanos;
        private final Cors cors;
        private ScheduledFuture<?> timer;
        private HttpRequest request; // the request being received, if any
        private boolean answered; // the request being received was already answered (a 413 while its body arrives)

        RequestTimeout(long nanos, Cors cors) {
            this.nanos = nanos;
            this.cors = cors;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                arm(ctx);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            arm(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                request = r;
                answered = false;
                arm(ctx);
            }
            if (msg instanceof LastHttpContent) {
                request = null;
                cancel();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            answered |= msg instanceof LastHttpContent && request != null;
            if (msg instanceof LastHttpContent && request == null) {
                arm(ctx);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        private void arm(ChannelHandlerContext ctx) {
            cancel();
            timer = ctx.executor().schedule(() -> expire(ctx), nanos, TimeUnit.NANOSECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire(ChannelHandlerContext ctx) {
            timer = null;
            if (request == null || answered) {
                ctx.close(); // idle, or already answered: no second answer on the wire
                return;
            }
            Responses.sendAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "The request was not received in time.",
                    request, cors);
        }
    }

    /** Aggregates a request body up to the limit; a larger one is answered 413 with a message. */
    static final class BodyLimit extends HttpObjectAggregator {
        private final int max;
        private final Cors cors;
        /** The part of the request being aggregated, to tell whether the one that overflowed was its last. */
        private Object reading;
        /** After a 413 for a request whose body is still arriving: drop its parts, close after the last. */
        private boolean draining;

        BodyLimit(int max, Cors cors) {
            super(max, true);
            this.max = max;
            this.cors = cors;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (draining) {
                boolean last = msg instanceof LastHttpContent;
                io.netty.util.ReferenceCountUtil.release(msg);
                if (last) {
                    ctx.close();
                }
                return;
            }
            reading = msg;
            try {
                super.channelRead(ctx, msg);
            } finally {
                reading = null;
            }
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            // Closing while the client is still sending its body makes the kernel reset the
            // connection, and the client then often loses the 413 before reading it (R36). So
            // unless the request has fully arrived, the rest of its body is read and dropped (the
            // request timeout still bounds it), and the connection is closed after its last part.
            boolean complete = reading instanceof LastHttpContent;
            draining = !complete;
            Responses.sendClosing(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The request body is larger than " + max + " bytes.",
                    oversized instanceof HttpRequest request ? request : null, cors, complete);
        }
    }
}
