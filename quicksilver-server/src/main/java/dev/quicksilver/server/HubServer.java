package dev.quicksilver.server;

import dev.quicksilver.server.acme.AcmeCertificates;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IoTransport;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.http.AcmeHttp;
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
    /** The longest wait for the event loops to stop, after the quiet period and graceful timeout. */
    private static final long LOOPS_STOP_SECONDS = 5;

    private final Hub hub;
    private final EventLoopGroup group;
    private final List<Shard> shards;
    private final Channel serverChannel;
    /** The admin listener ({@code metrics-addr}), or null. */
    private final Channel adminChannel;
    private final HubPipeline pipeline;
    /** The certificates obtained by ACME, or null. */
    private final AcmeCertificates acme;
    /** The cleartext listener of an ACME hub ({@code http-addr}), or null. */
    private final Channel httpChannel;
    private final IoTransport ioTransport;
    private volatile boolean closed;

    private HubServer(Hub hub, EventLoopGroup group, List<Shard> shards, Channel serverChannel, Channel adminChannel,
            HubPipeline pipeline, AcmeCertificates acme, Channel httpChannel, IoTransport ioTransport) {
        this.hub = hub;
        this.ioTransport = ioTransport;
        this.acme = acme;
        this.httpChannel = httpChannel;
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
        EventLoops loops = EventLoops.of(config.listen().ioTransport());
        Hub hub = new Hub(config, clock);
        int threads = config.listen().threads() > 0 ? config.listen().threads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, HubThreads.eventLoops(), loops.handler());
        Class<? extends ServerChannel> channelType = loops.serverChannel();
        AcmeCertificates acme = config.acme().enabled() ? new AcmeCertificates(config.acme(),
                config.history().dataDir().resolve("acme"), tlsProvider, clock) : null;
        try {
            Map<EventLoop, Shard> byLoop = new IdentityHashMap<>();
            List<Shard> shards = new ArrayList<>();
            for (EventExecutor executor : group) {
                Shard shard = new Shard((EventLoop) executor, config.streams().heartbeat().toNanos());
                byLoop.put((EventLoop) executor, shard);
                shards.add(shard);
            }
            hub.transport().listen(new EventFanOut(shards, hub.traces()));
            hub.metrics().observe(new HubMetrics.Sources(hub.subscriptions()::size, shards, hub.transport().history()));
            int buffer = config.streams().subscriberBuffer();
            HubPipeline pipeline = acme != null ? new HubPipeline(HubRouter.of(hub, byLoop::get),
                    config.limits().maxBodySize(), config.limits().readTimeout().toNanos(), new HubPipeline.TlsContexts() {
                        @Override
                        public SslContext current() {
                            return acme.current();
                        }

                        @Override
                        public SslContext challenge(String serverName) {
                            return acme.challenges().tlsAlpn(serverName);
                        }
                    }, buffer, config.log().accessLog())
                    : new HubPipeline(HubRouter.of(hub, byLoop::get), config.limits().maxBodySize(),
                            config.limits().readTimeout().toNanos(), tls, buffer, config.log().accessLog());
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
            Channel channel = bootstrap.bind(address).sync().channel();
            hub.listeningOn(((InetSocketAddress) channel.localAddress()).getPort());
            LOG.info("listening on {} ({} event loops, {}{}, {})", channel.localAddress(), threads,
                    loops.transport().label(),
                    config.listen().ioTransport() == IoTransport.AUTO ? " (io-transport=auto)" : "",
                    acme != null ? "TLS by ACME for " + config.acme().domains() + ": HTTP/2 and HTTP/1.1 by ALPN"
                    : tls == null ? "cleartext: HTTP/1.1 and h2c by prior knowledge"
                            : "TLS by " + Tls.describe(tlsProvider) + ": HTTP/2 and HTTP/1.1 by ALPN");
            Channel admin = null;
            if (config.metrics().enabled() && config.metrics().addr() != null) {
                admin = bindAdmin(hub, group, channelType);
                InetSocketAddress at = (InetSocketAddress) admin.localAddress();
                LOG.info("metrics on http://{}:{}/metrics", at.getHostString(), at.getPort());
            } else if (config.metrics().enabled()) {
                LOG.info("metrics on /metrics of this port");
            }
            Channel http = null;
            if (acme != null && config.acme().httpAddr() != null) {
                http = bindAcmeHttp(hub, acme, group, channelType, ((InetSocketAddress) channel.localAddress()).getPort());
                LOG.info("HTTP on {}: ACME challenges{}", http.localAddress(),
                        config.acme().redirect() ? ", and redirects to HTTPS" : "");
            }
            if (acme != null) {
                acme.start(); // once the listeners are open: the CA validates through them
            }
            // The listeners are open first, so that probes get an answer (alive, not ready) while
            // the JWK Sets load; a token that arrives meanwhile has its keys fetched on demand.
            hub.start(Duration.ofSeconds(10));
            hub.readiness().serving();
            return new HubServer(hub, group, shards, channel, admin, pipeline, acme, http, loops.transport());
        } catch (Exception e) {
            // Exception, not only the declared ones: a failed bind rethrows the IOException unchecked.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (acme != null) {
                acme.close();
            }
            hub.transport().close(); // releases the history file, so the same process may start a hub again
            hub.traces().close();
            throw e;
        }
    }

    /** The admin listener: {@code /metrics}, {@code /healthz} and {@code /readyz} only, on the same event loops. */
    private static Channel bindAdmin(Hub hub, EventLoopGroup group, Class<? extends ServerChannel> channelType)
            throws InterruptedException {
        return bindSide(hub.config().metrics().addr(), group, channelType, HubPipeline.admin(new AdminRouter(
                hub.metrics(), hub.transport()::health, hub.readiness()), hub.config().limits().readTimeout().toNanos()));
    }

    /** The cleartext listener of an ACME hub: HTTP-01 challenges and redirects to HTTPS. */
    private static Channel bindAcmeHttp(Hub hub, AcmeCertificates acme, EventLoopGroup group,
            Class<? extends ServerChannel> channelType, int httpsPort) throws InterruptedException {
        return bindSide(hub.config().acme().httpAddr(), group, channelType, HubPipeline.acmeHttp(new AcmeHttp(
                acme.challenges()::keyAuthorization, hub.config().acme().redirect(), httpsPort),
                hub.config().limits().readTimeout().toNanos()));
    }

    /** A listener beside the main one, on the same event loops. */
    private static Channel bindSide(ListenAddress at, EventLoopGroup group, Class<? extends ServerChannel> channelType,
            HubPipeline pipeline) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline);
        InetSocketAddress address = at.host() == null ? new InetSocketAddress(at.port())
                : new InetSocketAddress(at.host(), at.port());
        return bootstrap.bind(address).sync().channel();
    }

    /** The certificates obtained by ACME, or null when ACME is off. */
    public AcmeCertificates acme() {
        return acme;
    }

    public Hub hub() {
        return hub;
    }

    /** How the event loops reach the kernel: the {@code io-transport} chosen (never {@code auto}). */
    public IoTransport ioTransport() {
        return ioTransport;
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
     * Stops gracefully: not ready any more ({@code /readyz} 503) while still serving for the
     * {@code drain-delay}, then no new connection, in-flight publishes answered (up to the shutdown
     * timeout), a GOAWAY on every HTTP/2 connection (no new stream there), every stream ended with
     * its last chunk (or END_STREAM) so clients reconnect, then the threads stop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hub.readiness().draining();
        drain(hub.config().listen().drainDelay());
        hub.admission().close();
        serverChannel.close().syncUninterruptibly();
        if (adminChannel != null) {
            adminChannel.close().syncUninterruptibly();
        }
        if (httpChannel != null) {
            httpChannel.close().syncUninterruptibly();
        }
        if (acme != null) {
            acme.close();
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
        // Bounded: an io_uring loop drains every operation it submitted before it stops, and one
        // that never completes (seen with a browser's HTTP/2 connection over TLS at shutdown) would
        // hold the stop forever. The connections are closed by now; a loop still draining is left
        // to the process's exit.
        if (!group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(LOOPS_STOP_SECONDS,
                TimeUnit.SECONDS)) {
            LOG.warn("event loops not stopped after {} s (an I/O operation that does not complete); stopping without them",
                    LOOPS_STOP_SECONDS);
        }
        LOG.info("stopped");
    }

    /** Goes on serving, not ready, so that balancers take this hub out of rotation before it closes. */
    private static void drain(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        LOG.info("draining: /readyz answers 503, listeners close in {}", delay);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
