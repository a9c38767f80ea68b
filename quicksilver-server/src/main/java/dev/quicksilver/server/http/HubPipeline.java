package dev.quicksilver.server.http;

import dev.quicksilver.server.sse.StreamStages;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The one place where a connection's pipeline is built, every stage named. HTTP/1.1:
 * {@code [tls → alpn | h2c-preface] → http-codec → [access-log] → request-timeout → aggregator → hub}. TLS and
 * cleartext differ only in the first stages, which choose the protocol: ALPN after the TLS handshake,
 * or on cleartext the HTTP/2 client preface (h2c by prior knowledge). Either may replace the HTTP/1.1
 * stages with HTTP/2's: {@code h2-idle → h2-flush → h2-codec → h2-resets → h2-streams → h2-errors}, where every stream is a
 * child channel whose pipeline is {@code h2-http → request-timeout → aggregator → hub}, the same
 * stages as HTTP/1.1 after a translation of frames to HTTP objects. When a request becomes an SSE stream
 * ({@link #STREAM_STAGES}), the stages that only serve requests (timeout, aggregator, router) give
 * way to {@code stream}, and once the headers are written the codec leaves too: an idle stream holds
 * no timer, no buffer and no decoder state. The admin listener ({@link #admin}) speaks HTTP/1.1 only,
 * its last stage {@code admin} instead of {@code hub}. Every stage's name is one of the constants
 * below, and only this class adds or removes stages (but for the two protocol switches, which
 * remove themselves).
 */
public final class HubPipeline extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String ALPN = "alpn";
    public static final String H2C_PREFACE = "h2c-preface";
    public static final String HTTP_CODEC = "http-codec";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String ACCESS_LOG = "access-log";
    public static final String AGGREGATOR = "aggregator";
    public static final String HUB = "hub";
    public static final String ADMIN = "admin";
    public static final String ACME_HTTP = "acme-http";
    public static final String H2_IDLE = "h2-idle";
    public static final String H2_FLUSH = "h2-flush";
    public static final String H2_CODEC = "h2-codec";
    public static final String H2_STREAMS = "h2-streams";
    public static final String H2_HTTP = "h2-http";
    public static final String H2_RESETS = "h2-resets";
    public static final String H2_ERRORS = "h2-errors";
    public static final String STREAM = "stream";

    /** A request becoming a stream, on HTTP/1.1 and on an HTTP/2 stream's channel alike. */
    public static final StreamStages STREAM_STAGES = new StreamStages() {
        @Override
        public void attach(ChannelPipeline p, ChannelHandler stream) {
            for (String name : new String[] {REQUEST_TIMEOUT, AGGREGATOR, HUB}) {
                if (p.get(name) != null) {
                    p.remove(name);
                }
            }
            p.addLast(STREAM, stream);
        }

        @Override
        public ChannelHandlerContext headersWritten(ChannelPipeline p) {
            for (String name : new String[] {HTTP_CODEC, H2_HTTP}) {
                if (p.get(name) != null) {
                    p.remove(name);
                }
            }
            return p.context(STREAM);
        }
    };

    /** The longest request line and headers: long enough for many topic selectors in a query string. */
    private static final int MAX_INITIAL_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    /** The admin listener takes no body. */
    private static final int ADMIN_MAX_BODY = 8 * 1024;
    /** Streams a client may open at once on one HTTP/2 connection. */
    static final int MAX_CONCURRENT_STREAMS = 10_000;
    /**
     * How long a closing HTTP/2 connection (GOAWAY sent) waits for its streams to end before the
     * socket closes. Netty's frame codec waits 0 ms by default, which at shutdown could close the
     * socket before the streams' END_STREAM was written, so that clients saw a dropped connection
     * instead of a clean end. The hub ends its streams at once after the GOAWAY; this only bounds a
     * stream that does not end. After a connection error the socket closes once the GOAWAY is
     * written, so this also bounds how long a client that reads nothing keeps such a connection.
     */
    static final Duration GOAWAY_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final ChannelHandler router;
    private final Cors cors;
    private final int maxBodySize;
    private final long readTimeoutNanos;
    private final SslContext tls;
    /** The certificates chosen per connection (ACME), or null. */
    private final TlsContexts switched;
    private final boolean accessLog;
    private final WriteBufferWaterMark streamBuffer;
    private final LongAdder connections = new LongAdder();
    private final Http2Connections http2Connections = new Http2Connections();
    private final ClientErrors http2Errors = new ClientErrors("HTTP/2");

    /**
     * @param tls the TLS context, or null for cleartext
     * @param streamBuffer bytes that may wait for one HTTP/2 stream (the subscriber buffer)
     * @param accessLog whether each request is logged ({@link AccessLog}, right after the codec)
     */
    public HubPipeline(HubRouter router, int maxBodySize, long readTimeoutNanos, SslContext tls, int streamBuffer,
            boolean accessLog) {
        this(HUB, router, router.cors(), maxBodySize, readTimeoutNanos, tls, null, streamBuffer, accessLog);
    }

    /**
     * A pipeline whose certificate is chosen per connection: the current ACME certificate, or a
     * TLS-ALPN-01 challenge's.
     */
    public HubPipeline(HubRouter router, int maxBodySize, long readTimeoutNanos, TlsContexts certificates,
            int streamBuffer, boolean accessLog) {
        this(HUB, router, router.cors(), maxBodySize, readTimeoutNanos, null, certificates, streamBuffer, accessLog);
    }

    /** Certificates chosen per connection (see {@link TlsSwitch}). */
    public interface TlsContexts {
        /** The certificate for everyone; null while there is none. */
        @Nullable SslContext current();

        /** A TLS-ALPN-01 challenge's certificate for this server name, or null. */
        @Nullable SslContext challenge(@Nullable String serverName);
    }

    private HubPipeline(String name, ChannelHandler router, Cors cors, int maxBodySize, long readTimeoutNanos,
            SslContext tls, TlsContexts switched, int streamBuffer, boolean accessLog) {
        this.name = name;
        this.router = router;
        this.cors = cors;
        this.maxBodySize = maxBodySize;
        this.readTimeoutNanos = readTimeoutNanos;
        this.tls = tls;
        this.switched = switched;
        this.accessLog = accessLog;
        this.streamBuffer = new WriteBufferWaterMark(streamBuffer / 2, streamBuffer);
    }

    /** Shutdown: tells every HTTP/2 client (GOAWAY) to open no new stream on its connection. */
    public void goAway() {
        http2Connections.goAway();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.sum();
    }

    /** The admin listener's pipeline: {@code http-codec → request-timeout → aggregator → admin}. */
    public static HubPipeline admin(AdminRouter router, long readTimeoutNanos) {
        return new HubPipeline(ADMIN, router, router.cors(), ADMIN_MAX_BODY, readTimeoutNanos, null, null, ADMIN_MAX_BODY, false);
    }

    /** The cleartext port of an ACME hub: {@code http-codec → request-timeout → aggregator → acme-http}. */
    public static HubPipeline acmeHttp(AcmeHttp handler, long readTimeoutNanos) {
        return new HubPipeline(ACME_HTTP, handler, new Cors(java.util.List.of()), ADMIN_MAX_BODY, readTimeoutNanos,
                null, null, ADMIN_MAX_BODY, false);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.increment();
        ChannelPipeline p = ch.pipeline();
        if (tls != null || switched != null) {
            p.addLast(TLS, tls != null ? tls.newHandler(ch.alloc()) : new TlsSwitch(switched));
            p.addLast(ALPN, new ProtocolSwitch.Alpn(this));
        } else if (name.equals(HUB)) { // the admin listener speaks HTTP/1.1 only
            p.addLast(H2C_PREFACE, new ProtocolSwitch.PriorKnowledge(this));
        }
        p.addLast(HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
        requestStages(p);
    }

    /** The stages that serve requests, HTTP/1.1 or one HTTP/2 stream's. */
    private void requestStages(ChannelPipeline p) {
        if (accessLog) {
            p.addLast(ACCESS_LOG, new AccessLog());
        }
        p.addLast(REQUEST_TIMEOUT, new RequestTimeout(readTimeoutNanos, cors));
        p.addLast(AGGREGATOR, new BodyLimit(maxBodySize, cors));
        p.addLast(name, router);
    }

    /** The connection speaks HTTP/2: its HTTP/1.1 stages give way to HTTP/2's. Runs on the connection's loop. */
    void http2(ChannelPipeline p) {
        for (String name : new String[] {HTTP_CODEC, REQUEST_TIMEOUT, AGGREGATOR, HUB}) {
            p.remove(name);
        }
        if (p.get(ACCESS_LOG) != null) {
            p.remove(ACCESS_LOG); // each stream has its own
        }
        http2Connections.add(p.channel());
        p.addLast(H2_IDLE, new Http2Connections.Idle(readTimeoutNanos));
        // Every stream's flush reaches the socket: consolidated, a dispatch to many streams of one
        // connection costs one write to the socket.
        p.addLast(H2_FLUSH, new FlushConsolidationHandler(256, true));
        p.addLast(H2_CODEC, http2Codec());
        p.addLast(H2_RESETS, ClosedStreamResets.INSTANCE);
        p.addLast(H2_STREAMS, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                // A stream whose flow-control window stays closed buffers here, up to the limit,
                // past which its subscriber is reset: the connection's other streams go on.
                stream.config().setWriteBufferWaterMark(streamBuffer);
                stream.pipeline().addLast(H2_HTTP, new Http2StreamFrameToHttpObjectCodec(true));
                requestStages(stream.pipeline());
            }
        }));
        p.addLast(H2_ERRORS, http2Errors);
    }

    /** The HTTP/2 connection's codec: the hub's SETTINGS, and a GOAWAY that waits for the streams to end. */
    static Http2FrameCodec http2Codec() {
        return Http2FrameCodecBuilder.forServer()
                .gracefulShutdownTimeoutMillis(GOAWAY_GRACE.toMillis())
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_INITIAL_LINE + MAX_HEADERS))
                .build();
    }

    /**
     * Bounds the time to receive a request, from its first byte to its last (so a body that never
     * ends is answered 408), and the idle time of a keep-alive connection between requests.
     *
     * <p>The deadline moves with every request and answer, but the timer does not: it fires at most
     * once per timeout and then looks at where the deadline stands (re-arming for the rest, if any).
     * A busy publisher's connection thus costs no scheduling per request.
     */
    static final class RequestTimeout extends ChannelDuplexHandler {
        private final long nanos;
        private final Cors cors;
        private ScheduledFuture<?> timer;
        /** When the current wait ends ({@link System#nanoTime()}); 0 while a request is being answered. */
        private long deadline;
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
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void arm(ChannelHandlerContext ctx) {
            deadline = System.nanoTime() + nanos;
            if (deadline == 0) {
                deadline = 1; // 0 means none
            }
            if (timer == null) {
                timer = ctx.executor().schedule(() -> check(ctx), nanos, TimeUnit.NANOSECONDS);
            }
        }

        private void cancel() {
            deadline = 0;
        }

        private void check(ChannelHandlerContext ctx) {
            timer = null;
            if (deadline == 0) {
                return; // a request is being answered; the answer arms again
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
                return;
            }
            expire(ctx);
        }

        private void expire(ChannelHandlerContext ctx) {
            deadline = 0;
            if (request == null || answered) {
                ctx.close(); // idle, or already answered: no second answer on the wire
                return;
            }
            Responses.sendAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "The request was not received in time.",
                    request.headers().get(HttpHeaderNames.ORIGIN), cors);
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
            // connection, and the client then often loses the 413 (draft-08 "Publication") before
            // reading it. So unless the request has fully arrived, the rest of its body is read and
            // dropped (the request timeout still bounds it), and the connection is closed after its
            // last part.
            boolean complete = reading instanceof LastHttpContent;
            draining = !complete;
            Responses.sendClosing(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The request body is larger than " + max + " bytes.",
                    oversized instanceof HttpRequest request ? request.headers().get(HttpHeaderNames.ORIGIN) : null, cors,
                    complete);
        }
    }
}
