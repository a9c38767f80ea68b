package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.HubTarget;
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
import java.util.concurrent.ThreadLocalRandom;
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
    /**
     * A reconnection starts at a random moment within this after the stream ended, so that the
     * thousands of subscribers of a node that died do not all knock on the next one at once.
     */
    static final long RECONNECT_SPREAD_MILLIS = 1_000;
    /** The pause between two attempts of one subscriber to reconnect. */
    static final long RECONNECT_RETRY_MILLIS = 250;
    /** The Mercure cursor of the oldest event in the hub's history. */
    static final String EARLIEST = "earliest";
    /** Attempts per lost stream at least (and at least two rounds of the hubs). */
    static final int MIN_RECONNECT_ATTEMPTS = 4;

    private final Settings settings;
    private final Metrics metrics;
    private final Bootstrap bootstrap;
    private final EventLoopGroup group;
    private final TopicPlan plan;
    /** The measured subscribers this process holds, by global index minus {@link Settings#firstSubscriber}. */
    private final Subscriber[] all;
    private final int maxReconnectAttempts;
    /** Local indices of the subscribers of each group, built on the first {@link #present} call. */
    private int[][] byGroup;
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
        this.group = group;
        this.plan = settings.plan();
        this.all = new Subscriber[Math.max(0, settings.endSubscriber() - settings.firstSubscriber())];
        this.maxReconnectAttempts = Math.max(MIN_RECONNECT_ATTEMPTS, 2 * settings.hubs().size());
        this.h2Requests = settings.h2Connections() > 0 ? h2Requests(settings) : null;
        this.bootstrap = new Bootstrap().group(group).channel(transport.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.SO_KEEPALIVE, false);
        if (transport == Transport.EPOLL) {
            // Choose the local port at connect(), per destination: more ports per source address.
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    /**
     * The subscribe request of group {@code j} to hub {@code hub}, with a {@code Last-Event-ID}
     * header unless null. Built for each connection (a few hundred bytes): pre-encoding every
     * pair of hub and group would hold megabytes for runs of many topics over many hubs.
     */
    private static ByteBuf request(Settings s, int hub, int j, String lastEventId) {
        HubTarget target = s.hubs().get(hub);
        String request = "GET " + s.protocol().subscribeTarget(s, target, j) + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n"
                + "User-Agent: quicksilver-loadtest\r\n"
                + (s.subscriberToken() == null ? "" : "Authorization: Bearer " + s.subscriberToken() + "\r\n")
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + "\r\n";
        return Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.ISO_8859_1));
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
            ChannelFuture f = open(b, c, 0).await();
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
        int first = settings.firstSubscriber();
        int n = all.length;
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
                    connect(first + started++);
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
        Subscriber subscriber = new Subscriber(i, topic, plan.groups(), settings.hubs().size());
        all[i - settings.firstSubscriber()] = subscriber;
        if (h2Requests != null) {
            openStream(subscriber);
            return;
        }
        SlowLog.Entry slow = i < metrics.slow.size() ? metrics.slow.get(i) : null;
        Bootstrap b = bootstrap.clone().handler(new SubscriberHandler(this, metrics, subscriber,
                request(settings, subscriber.hub, topic, null), slow, false, false));
        if (slow != null) {
            b.option(ChannelOption.SO_RCVBUF, SLOW_RECEIVE_BUFFER); // before connect: it sets the window
        }
        ChannelFuture f = open(b, i, subscriber.hub);
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
    private void openStream(Subscriber subscriber) {
        Channel connection = h2Connections.get(subscriber.index % h2Connections.size());
        new Http2StreamChannelBootstrap(connection)
                .handler(new H2SubscriberHandler(this, metrics, subscriber, h2Requests[subscriber.group]))
                .open().addListener((Future<Http2StreamChannel> f) -> {
                    if (f.isSuccess()) {
                        channels.add(f.getNow());
                    } else {
                        connectFailed(f.cause());
                    }
                });
    }

    /** Connects subscriber (or HTTP/2 connection) {@code i} to hub {@code hub}, from its source address. */
    private ChannelFuture open(Bootstrap b, int i, int hub) {
        InetSocketAddress remote = settings.hubs().get(hub).address();
        InetSocketAddress local = settings.sourceAddress(i) == null ? null : new InetSocketAddress(settings.sourceAddress(i), 0);
        return local == null ? b.connect(remote) : b.connect(remote, local);
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
        ByteBuf request = request(settings, 0, slow.group, slow.lastEventId());
        Subscriber subscriber = all[slow.index - settings.firstSubscriber()];
        Bootstrap b = bootstrap.clone().handler(new SubscriberHandler(this, metrics, subscriber, request, slow, true, false));
        ChannelFuture f = open(b, slow.index, 0);
        channels.add(f.channel());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                slow.resumeFailure = Failures.reason(cf.cause());
            }
        });
    }

    /** Whether subscribers whose stream ends reconnect ({@code --reconnect}). */
    boolean reconnects() {
        return settings.cluster().reconnect();
    }

    /**
     * A measured subscriber's stream ended: with {@code --reconnect} (and the tool not closing),
     * it opens another on another hub ({@link Subscriber#step} along), with {@code Last-Event-ID},
     * soon. On the ended stream's loop.
     *
     * @return whether it will reconnect (it then still counts as established)
     */
    boolean reconnect(Subscriber s) {
        if (!reconnects() || closing) {
            return false;
        }
        s.attempts = 0;
        s.nextStep = s.step;
        group.schedule(() -> reconnectAttempt(s), ThreadLocalRandom.current().nextLong(RECONNECT_SPREAD_MILLIS),
                TimeUnit.MILLISECONDS);
        return true;
    }

    private void reconnectAttempt(Subscriber s) {
        if (closing) {
            return;
        }
        s.attempts++;
        s.moveHub(settings.hubs().size());
        // Without an event yet there is no id to resume from; "earliest" (Mercure) replays the whole
        // history, or what was published while it was away would be lost. Older runs' events in
        // that history are not mistaken for this one's (Metrics#plausible).
        String cursor = s.lastEventId == null ? EARLIEST : s.lastEventId;
        Bootstrap b = bootstrap.clone().handler(new SubscriberHandler(this, metrics, s,
                request(settings, s.hub, s.group, cursor), null, false, true));
        ChannelFuture f = open(b, s.index, s.hub);
        if (f.isDone() && !f.isSuccess()) {
            reconnectFailed(s, Failures.reason(f.cause())); // not even a socket: the handler never ran
            return;
        }
        channels.add(f.channel());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                SubscriberHandler h = cf.channel().pipeline().get(SubscriberHandler.class);
                if (h == null) {
                    reconnectFailed(s, Failures.reason(cf.cause()));
                } else {
                    h.exceptionCaught(null, cf.cause());
                }
            }
        });
    }

    /** A reconnection attempt failed: tries the next hub after a pause, or gives up after a few rounds. */
    void reconnectFailed(Subscriber s, String reason) {
        if (closing) {
            return;
        }
        if (s.attempts < maxReconnectAttempts) {
            group.schedule(() -> reconnectAttempt(s), RECONNECT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        metrics.reconnectFailures.add(reason);
        gone(s, s.lostNanos);
    }

    /** A measured subscriber is no longer established (since {@code nanos}, or the tool closed it). */
    void gone(Subscriber s, long nanos) {
        s.untilNanos = nanos;
        metrics.established.decrementAndGet();
        metrics.establishedPerTopic.decrementAndGet(s.group);
    }

    /**
     * How many of this process's subscribers of {@code group} held a stream (or were reconnecting
     * one) at {@code nanos}: the deliveries a publish sent then should cause here. The run's thread.
     */
    public int present(int group, long nanos) {
        if (byGroup == null) {
            byGroup = indexByGroup();
        }
        int n = 0;
        for (int k : byGroup[group]) {
            Subscriber s = all[k];
            if (s != null && s.presentAt(nanos)) {
                n++;
            }
        }
        return n;
    }

    private int[][] indexByGroup() {
        int[] counts = new int[plan.groups()];
        for (int k = 0; k < all.length; k++) {
            counts[plan.groupOfSubscriber(settings.firstSubscriber() + k)]++;
        }
        int[][] out = new int[counts.length][];
        for (int j = 0; j < out.length; j++) {
            out[j] = new int[counts[j]];
            counts[j] = 0;
        }
        for (int k = 0; k < all.length; k++) {
            int j = plan.groupOfSubscriber(settings.firstSubscriber() + k);
            out[j][counts[j]++] = k;
        }
        return out;
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
