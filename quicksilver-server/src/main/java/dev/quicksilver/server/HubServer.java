package dev.quicksilver.server;

import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.http.AdminRouter;
import dev.quicksilver.server.http.HubPipeline;
import dev.quicksilver.server.http.HubRouter;
import dev.quicksilver.server.http.Tls;
import dev.quicksilver.server.metrics.HubMetrics;
import dev.quicksilver.server.sse.EventFanOut;
import dev.quicksilver.server.sse.Shard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: binds the port, gives each event loop its {@link Shard}, and shuts down gracefully
 * (stop accepting, finish in-flight publishes, end every stream cleanly so clients reconnect).
 */
public final class HubServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

    private final Hub hub;
    private final EventLoopGroup group;
    private final List<Shard> shards;
    private final Channel serverChannel;
    /** The admin listener ({@code metrics-addr}), or null. */
    private final Channel adminChannel;
    private final HubPipeline pipeline;
    private volatile boolean closed;

    private HubServer(Hub hub, EventLoopGroup group, List<Shard> shards, Channel serverChannel, Channel adminChannel,
            HubPipeline pipeline) {
        this.hub = hub;
        this.pipeline = pipeline;
        this.group = group;
        this.shards = shards;
        this.serverChannel = serverChannel;
        this.adminChannel = adminChannel;
    }

    public static HubServer start(HubConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    public static HubServer start(HubConfig config, Clock clock) throws InterruptedException {
        return start(config, clock, Tls.preferredProvider());
    }

    /**
     * @param tlsProvider the TLS implementation, when the configuration asks for TLS: OpenSSL needs
     *     netty-tcnative on this platform (tests use this to try the JDK's too)
     */
    public static HubServer start(HubConfig config, Clock clock, SslProvider tlsProvider) throws InterruptedException {
        SslContext tls = config.tls().enabled() ? Tls.serverContext(config.tls().cert(), config.tls().key(), tlsProvider) : null;
        Hub hub = new Hub(config, clock);
        boolean epoll = Epoll.isAvailable();
        int threads = config.listen().threads() > 0 ? config.listen().threads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, HubThreads.eventLoops(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Map<EventLoop, Shard> byLoop = new IdentityHashMap<>();
            List<Shard> shards = new ArrayList<>();
            for (EventExecutor executor : group) {
                Shard shard = new Shard((EventLoop) executor, config.streams().heartbeat().toNanos());
                byLoop.put((EventLoop) executor, shard);
                shards.add(shard);
            }
            hub.transport().listen(new EventFanOut(shards));
            hub.metrics().observe(new HubMetrics.Sources(hub.subscriptions()::size, shards, hub.transport().history()));
            int buffer = config.streams().subscriberBuffer();
            HubPipeline pipeline = new HubPipeline(HubRouter.of(hub, byLoop::get), config.limits().maxBodySize(),
                    config.limits().readTimeout().toNanos(), tls, buffer);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(buffer / 2, buffer))
                    .childHandler(pipeline);
            InetSocketAddress address = config.listen().host() == null ? new InetSocketAddress(config.listen().port())
                    : new InetSocketAddress(config.listen().host(), config.listen().port());
            hub.start(Duration.ofSeconds(10));
            Channel channel = bootstrap.bind(address).sync().channel();
            hub.listeningOn(((InetSocketAddress) channel.localAddress()).getPort());
            LOG.info("listening on {} ({} event loops, {}, {})", channel.localAddress(), threads, epoll ? "epoll" : "nio",
                    tls == null ? "cleartext: HTTP/1.1 and h2c by prior knowledge"
                            : "TLS by " + Tls.describe(tlsProvider) + ": HTTP/2 and HTTP/1.1 by ALPN");
            Channel admin = null;
            if (config.metrics().enabled() && config.metrics().addr() != null) {
                admin = bindAdmin(hub, group, channelType);
                InetSocketAddress at = (InetSocketAddress) admin.localAddress();
                LOG.info("metrics on http://{}:{}/metrics", at.getHostString(), at.getPort());
            } else if (config.metrics().enabled()) {
                LOG.info("metrics on /metrics of this port");
            }
            return new HubServer(hub, group, shards, channel, admin, pipeline);
        } catch (Exception e) {
            // Exception, not only the declared ones: a failed bind rethrows the IOException unchecked.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            hub.transport().close(); // releases the history file, so the same process may start a hub again
            throw e;
        }
    }

    /** The admin listener: {@code /metrics} and {@code /healthz} only, on the same event loops. */
    private static Channel bindAdmin(Hub hub, EventLoopGroup group, Class<? extends ServerChannel> channelType)
            throws InterruptedException {
        ListenAddress at = hub.config().metrics().addr();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(HubPipeline.admin(new AdminRouter(hub.metrics(), hub.transport()::health),
                        hub.config().limits().readTimeout().toNanos()));
        InetSocketAddress address = at.host() == null ? new InetSocketAddress(at.port())
                : new InetSocketAddress(at.host(), at.port());
        return bootstrap.bind(address).sync().channel();
    }

    public Hub hub() {
        return hub;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The admin listener's port ({@code metrics-addr}); -1 when there is none. */
    public int metricsPort() {
        return adminChannel == null ? -1 : ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** TCP connections accepted so far (an HTTP/2 connection carries many streams). */
    public long connectionsAccepted() {
        return pipeline.connections();
    }

    /** Subscribers cut so far because they did not read fast enough, across every event loop. */
    public long slowDisconnects() {
        return shards.stream().mapToLong(s -> s.stats().slowDisconnects()).sum();
    }

    /** Subscribers connected now, across every event loop. */
    public int subscribers() {
        return hub.subscriptions().size();
    }

    /**
     * Stops gracefully: no new connection, in-flight publishes answered (up to the shutdown
     * timeout), a GOAWAY on every HTTP/2 connection (no new stream there), every stream ended with
     * its last chunk (or END_STREAM) so clients reconnect, then the threads stop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hub.admission().close();
        serverChannel.close().syncUninterruptibly();
        if (adminChannel != null) {
            adminChannel.close().syncUninterruptibly();
        }
        Duration shutdownTimeout = hub.config().listen().shutdownTimeout();
        if (!hub.admission().awaitIdle(shutdownTimeout)) {
            LOG.warn("{} publishes still unanswered after {}", hub.admission().inFlight(), shutdownTimeout);
        }
        pipeline.goAway();
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (Shard shard : shards) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            shard.loop().execute(() -> {
                shard.endAll();
                done.complete(null);
            });
            ended.add(done);
        }
        CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        hub.transport().close();
        hub.close();
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        LOG.info("stopped");
    }
}
