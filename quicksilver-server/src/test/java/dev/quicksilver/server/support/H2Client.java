package dev.quicksilver.server.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/2 client on Netty's frame codec, for what the JDK's client cannot do: h2c by prior
 * knowledge, a stream whose flow-control window the test controls, resets seen as such. One
 * connection; each request is a stream (a child channel).
 */
public final class H2Client implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;
    /** The ids of the streams the hub reset (RST_STREAM frames received), in order. */
    public final java.util.List<Integer> resetsReceived = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The error code of the GOAWAY the hub sent, once it sent one. */
    public final CompletableFuture<Long> goAway = new CompletableFuture<>();
    private final String authority;
    private final String scheme;

    /**
     * @param tls null for h2c by prior knowledge (the codec starts with the client preface)
     * @param settings the client's SETTINGS, e.g. a small initial stream window
     * @param connectionWindow bytes added to the connection's receive window (0 for none)
     */
    public H2Client(int port, SslContext tls, Http2Settings settings, int connectionWindow) {
        this.authority = "127.0.0.1:" + port;
        this.scheme = tls == null ? "http" : "https";
        try {
            connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port));
                            }
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(settings)
                                    .frameLogger(new ResetRecorder()).build());
                            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Http2GoAwayFrame g) {
                                        goAway.complete(g.errorCode());
                                    }
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            if (connectionWindow > 0) {
                connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(connectionWindow)).sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sees every RST_STREAM the hub sends, even for a stream the client has already closed. */
    private final class ResetRecorder extends io.netty.handler.codec.http2.Http2FrameLogger {
        ResetRecorder() {
            super(io.netty.handler.logging.LogLevel.TRACE, H2Client.class);
        }

        @Override
        public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
            if (direction == Direction.INBOUND) {
                resetsReceived.add(streamId);
            }
            super.logRstStream(direction, ctx, streamId, errorCode);
        }
    }

    public H2Client(int port) {
        this(port, null, Http2Settings.defaultSettings(), 0);
    }

    public Channel connection() {
        return connection;
    }

    /** Opens a stream with this request; with {@code autoRead} false, its data is never read, so its window never opens again. */
    public Stream request(String method, String path, Map<String, String> headers, String body, boolean autoRead) {
        Stream stream = new Stream();
        try {
            Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection).handler(stream).open().sync().getNow();
            channel.config().setAutoRead(autoRead);
            Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme(scheme).authority(authority);
            headers.forEach((name, value) -> h.add(name.toLowerCase(java.util.Locale.ROOT), value));
            boolean hasBody = body != null;
            channel.write(new DefaultHttp2HeadersFrame(h, !hasBody));
            if (hasBody) {
                channel.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
            }
            channel.flush();
            stream.channel = channel;
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Stream get(String path, Map<String, String> headers) {
        return request("GET", path, headers, null, true);
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What a stream received: the status, the data as text, and how it ended (END_STREAM or a reset). */
    public static final class Stream extends ChannelInboundHandlerAdapter {
        public final CompletableFuture<Http2Headers> headers = new CompletableFuture<>();
        public final CompletableFuture<Boolean> ended = new CompletableFuture<>();
        public final CompletableFuture<Http2ResetFrame> reset = new CompletableFuture<>();
        private final StringBuilder data = new StringBuilder();
        private volatile Http2StreamChannel channel;

        public Http2StreamChannel channel() {
            return channel;
        }

        public int status() {
            return Integer.parseInt(headers.orTimeout(10, TimeUnit.SECONDS).join().status().toString());
        }

        public synchronized String data() {
            return data.toString();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    headers.complete(h.headers());
                    if (h.isEndStream()) {
                        ended.complete(true);
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    synchronized (this) {
                        data.append(d.content().toString(StandardCharsets.UTF_8));
                    }
                    if (d.isEndStream()) {
                        ended.complete(true);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame r) {
                reset.complete(r);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.complete(false); // closed without END_STREAM, if it was not seen before
            ctx.fireChannelInactive();
        }
    }
}
