package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.Settings;
import dev.quicksilver.loadtest.TopicPlan;
import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.SlowLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscribers: opens them at the connect rate and keeps them until {@link #close}.
 *
 * <p>{@link #ramp} and {@link #close} are called by the run's thread; the handlers run on the event
 * loops.
 */
public final class Subscribers implements AutoCloseable {
    /** Connections started but neither established nor failed, at most. */
    static final int MAX_CONNECTING = 1_000;
    /** The receive buffer of a slow subscriber (Linux doubles it): a small window, so the hub's side fills. */
    static final int SLOW_RECEIVE_BUFFER = 4096;
    /** HTTP/2 mode: the receive window of each stream, and what is added to each connection's. */
    static final int H2_STREAM_WINDOW = 1 << 20;
    static final int H2_CONNECTION_WINDOW = (1 << 30) - 65_535;
    private static final long RAMP_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Settings settings;
    private final Metrics metrics;
    private final Bootstrap bootstrap;
    private final ByteBuf[] requests;
    private final TopicPlan plan;
    /** HTTP/2 mode: the subscribe request of each group as headers, and the connections that carry the streams. */
    private final Http2Headers[] h2Requests;
    private final List<Channel> h2Connections = new ArrayList<>();
    private final ChannelGroup channels = new DefaultChannelGroup("subscribers", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger settled = new AtomicInteger();
    private final List<Channel> slowChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private volatile boolean slowReleased;
    private int started;
    private String stopReason;

    public Subscribers(Settings settings, Metrics metrics, EventLoopGroup group, Transport transport) {
        this.settings = settings;
        this.metrics = metrics;
        this.requests = requests(settings);
        this.plan = settings.plan();
        this.h2Requests = settings.h2Connections() > 0 ? h2Requests(settings) : null;
        this.bootstrap = new Bootstrap().group(group).channel(transport.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .remoteAddress(settings.hub().address());
        if (transport == Transport.EPOLL) {
            // Choose the local port at connect(), per destination: more ports per source address.
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    private static ByteBuf[] requests(Settings s) {
        ByteBuf[] out = new ByteBuf[s.plan().groups()];
        for (int j = 0; j < out.length; j++) {
            out[j] = request(s, j, null);
        }
        return out;
    }

    /** The subscribe request of group {@code j}, with a {@code Last-Event-ID} header unless null. */
    private static ByteBuf request(Settings s, int j, String lastEventId) {
        String request = "GET " + s.protocol().subscribeTarget(s, j) + " HTTP/1.1\r\n"
                + "Host: " + s.hub().hostHeader() + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n"
                + "User-Agent: quicksilver-loadtest\r\n"
                + (s.subscriberToken() == null ? "" : "Authorization: Bearer " + s.subscriberToken() + "\r\n")
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + "\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
    }

    private static Http2Headers[] h2Requests(Settings s) {
        Http2Headers[] out = new Http2Headers[s.plan().groups()];
        for (int j = 0; j < out.length; j++) {
            out[j] = new DefaultHttp2Headers().method("GET").scheme("http").authority(s.hub().hostHeader())
                    .path(s.protocol().subscribeTarget(s, j))
                    .add("accept", "text/event-stream").add("cache-control", "no-cache")
                    .add("user-agent", "quicksilver-loadtest");
            if (s.subscriberToken() != null) {
                out[j].add("authorization", "Bearer " + s.subscriberToken());
            }
        }
        return out;
    }

    /**
     * HTTP/2 mode: opens the connections (h2c by prior knowledge), with a large receive window so
     * that the tool's reading, not flow control, paces the streams.
     *
     * @return why they could not all be opened, or null
     */
    private String openH2Connections() throws InterruptedException {
        int k = Math.min(settings.h2Connections(), settings.subscribers());
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(H2_STREAM_WINDOW)).build());
                ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
            }
        });
        for (int c = 0; c < k; c++) {
            ChannelFuture f = open(b, c).await();
            if (!f.isSuccess()) {
                return "HTTP/2 connection " + (c + 1) + " of " + k + " failed: " + Failures.reason(f.cause());
            }
            f.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(H2_CONNECTION_WINDOW));
            channels.add(f.channel());
            h2Connections.add(f.channel());
        }
        return null;
    }

    /**
     * Opens the subscribers at the connect rate and waits until each is established or failed, or
     * until the connect timeout. Stops opening new ones if this process runs out of file
     * descriptors.
     *
     * @return why the ramp stopped early, or null when every subscriber was tried
     */
    public String ramp() throws InterruptedException {
        int n = settings.subscribers();
        if (h2Requests != null && n > 0) {
            stopReason = openH2Connections();
            if (stopReason != null) {
                return stopReason;
            }
        }
        long start = System.nanoTime();
        long deadline = start + settings.connectTimeout().toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (stopReason == null && metrics.openFileLimitHits.get() > 0) {
                stopReason = "out of file descriptors after " + started + " connections: raise `ulimit -n` or lower --subscribers";
            }
            if (stopReason == null && started < n) {
                long due = Math.min(n, (long) ((System.nanoTime() - start) / 1e9 * settings.connectRate()) + 1);
                while (started < due && started - settled.get() < MAX_CONNECTING && metrics.openFileLimitHits.get() == 0) {
                    connect(started++);
                }
            }
            if ((started == n || stopReason != null) && settled.get() >= started) {
                return stopReason;
            }
            TimeUnit.NANOSECONDS.sleep(RAMP_TICK_NANOS);
        }
        for (Channel ch : channels) {
            SubscriberHandler h = ch.pipeline().get(SubscriberHandler.class);
            if (h != null) {
                h.abandon();
            }
        }
        if (stopReason == null && started < n) {
            stopReason = "connect timeout after " + started + " of " + n + " connections were started";
        }
        return stopReason;
    }

    private void connect(int i) {
        metrics.connectAttempts.increment();
        int topic = plan.groupOfSubscriber(i);
        if (h2Requests != null) {
            openStream(i, topic);
            return;
        }
        SlowLog.Entry slow = i < metrics.slow.size() ? metrics.slow.get(i) : null;
        Bootstrap b = bootstrap.clone().handler(new SubscriberHandler(this, metrics, topic, requests[topic], slow, false));
        if (slow != null) {
            b.option(ChannelOption.SO_RCVBUF, SLOW_RECEIVE_BUFFER); // before connect: it sets the window
        }
        ChannelFuture f = open(b, i);
        if (f.isDone() && !f.isSuccess()) {
            // Not even a socket (EMFILE): the handler never ran.
            connectFailed(f.cause());
            return;
        }
        channels.add(f.channel());
        if (slow != null) {
            slowChannels.add(f.channel());
        }
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                SubscriberHandler h = cf.channel().pipeline().get(SubscriberHandler.class);
                if (h == null) {
                    connectFailed(cf.cause());
                } else {
                    h.exceptionCaught(null, cf.cause());
                }
            }
        });
    }

    /** HTTP/2 mode: subscriber i is a stream on connection {@code i % K}. */
    private void openStream(int i, int topic) {
        Channel connection = h2Connections.get(i % h2Connections.size());
        new Http2StreamChannelBootstrap(connection)
                .handler(new H2SubscriberHandler(this, metrics, topic, h2Requests[topic]))
                .open().addListener((Future<Http2StreamChannel> f) -> {
                    if (f.isSuccess()) {
                        channels.add(f.getNow());
                    } else {
                        connectFailed(f.cause());
                    }
                });
    }

    private ChannelFuture open(Bootstrap b, int i) {
        InetSocketAddress local = settings.sourceAddress(i) == null ? null : new InetSocketAddress(settings.sourceAddress(i), 0);
        return local == null ? b.connect() : b.connect(settings.hub().address(), local);
    }

    /** The slow subscribers read again (they were stalled since they were established). */
    public void releaseSlow() {
        slowReleased = true;
        for (Channel ch : slowChannels) {
            ch.eventLoop().execute(() -> ch.config().setAutoRead(true));
        }
    }

    /** Whether {@link #releaseSlow} was called. Any thread. */
    boolean slowReleased() {
        return slowReleased;
    }

    /**
     * Reconnects a slow subscriber that the hub cut, with {@code Last-Event-ID} (when
     * {@code --resume}, and the tool is not closing). On the cut stream's event loop.
     */
    void resume(SlowLog.Entry slow) {
        if (!settings.resume() || closing) {
            return;
        }
        slow.resumed = true;
        ByteBuf request = request(settings, slow.group, slow.lastEventId());
        Bootstrap b = bootstrap.clone().handler(new SubscriberHandler(this, metrics, slow.group, request, slow, true));
        ChannelFuture f = open(b, slow.index);
        channels.add(f.channel());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                slow.resumeFailure = Failures.reason(cf.cause());
            }
        });
    }

    private void connectFailed(Throwable cause) {
        String reason = Failures.reason(cause);
        if (Failures.OPEN_FILE_LIMIT.equals(reason)) {
            metrics.openFileLimitHits.incrementAndGet();
        }
        metrics.connectFailures.add(reason);
        settled();
    }

    /** A subscriber was established or failed. Any thread. */
    void settled() {
        settled.incrementAndGet();
    }

    /** Whether the tool is closing the subscribers (their ends are not the hub's doing). */
    boolean closing() {
        return closing;
    }

    /** How many connections were started. */
    public int started() {
        return started;
    }

    /** Closes every subscriber (with a reset: no TIME_WAIT left on the tool's ports). */
    @Override
    public void close() {
        closing = true;
        for (Channel ch : channels) {
            SubscriberHandler h = ch.pipeline().get(SubscriberHandler.class);
            if (!ch.isRegistered()) {
                ch.close();
                continue;
            }
            ch.eventLoop().execute(() -> {
                if (h != null) {
                    h.close();
                }
                ch.close();
            });
        }
        channels.newCloseFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
