package dev.quicksilver.loadtest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny Mercure-like hub for tests: GET opens an SSE stream for one {@code topic}; POST
 * {@code topic=..&data=..} sends the data to that topic's streams and answers an id. Streams beyond
 * {@code maxSubscribers} get a 503; publishes need {@code Authorization: Bearer <token>}. Speaks
 * HTTP/1.1, and HTTP/2 to clients that open with its preface (h2c by prior knowledge).
 */
final class FakeHub implements AutoCloseable {
    private static final AttributeKey<String> TOPIC = AttributeKey.valueOf("topic");

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, List<Channel>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final int maxSubscribers;
    private final String token;
    private final Channel server;

    FakeHub(int maxSubscribers, String token) throws InterruptedException {
        this.maxSubscribers = maxSubscribers;
        this.token = token;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        // HTTP/1.1, or HTTP/2 by prior knowledge: each stream then meets the same handler.
                        HttpServerCodec http1 = new HttpServerCodec();
                        ch.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(http1,
                                new HttpServerUpgradeHandler(http1, protocol -> null), new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel h2) {
                                        h2.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                                new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                                    @Override
                                                    protected void initChannel(Channel stream) {
                                                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                                new HttpObjectAggregator(1 << 20), new Handler());
                                                    }
                                                }));
                                    }
                                }));
                        ch.pipeline().addLast(new HttpObjectAggregator(1 << 20), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** TCP connections accepted so far. */
    int connections() {
        return connections.get();
    }

    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/.well-known/mercure";
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.method().equals(HttpMethod.GET)) {
                subscribe(ctx, req);
            } else if (req.method().equals(HttpMethod.POST)) {
                publish(ctx, req);
            } else {
                answer(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "");
            }
        }

        private void subscribe(ChannelHandlerContext ctx, FullHttpRequest req) {
            List<String> topics = new QueryStringDecoder(req.uri()).parameters().get("topic");
            if (topics == null || subscribers.incrementAndGet() > maxSubscribers) {
                answer(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "full");
                return;
            }
            String topic = topics.get(0);
            ctx.channel().attr(TOPIC).set(topic);
            streams.computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(ctx.channel());
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(":\n", StandardCharsets.US_ASCII)));
        }

        private void publish(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!("Bearer " + token).equals(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                answer(ctx, HttpResponseStatus.UNAUTHORIZED, "");
                return;
            }
            String body = req.content().toString(StandardCharsets.UTF_8);
            Map<String, List<String>> form = new QueryStringDecoder(body, false).parameters();
            String topic = form.get("topic").get(0);
            String data = form.get("data").get(0);
            String id = "urn:uuid:" + ids.incrementAndGet();
            String event = "id: " + id + "\ndata: " + data + "\n\n";
            for (Channel ch : streams.getOrDefault(topic, List.of())) {
                ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)));
            }
            answer(ctx, HttpResponseStatus.OK, id);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the load tool resets its connections at the end
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            String topic = ctx.channel().attr(TOPIC).get();
            if (topic != null) {
                streams.get(topic).remove(ctx.channel());
            }
        }

        private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(res, res.content().readableBytes());
            if (status.code() == 503) {
                res.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(res);
            }
        }
    }
}
