package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.HubTarget;
import dev.quicksilver.loadtest.Protocol;
import dev.quicksilver.loadtest.Settings;
import dev.quicksilver.loadtest.TopicPlan;
import dev.quicksilver.loadtest.measure.Metrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes at a fixed rate over a small pool of keep-alive HTTP/1.1 connections, one request in
 * flight per connection, to the groups of subscribers in turn ({@link TopicPlan}). A publish that finds every connection busy waits in
 * a backlog of at most one second's worth; beyond it, it is skipped and counted.
 *
 * <p>With several hubs, each has its own pool, and each publish goes to the hub that
 * {@code --publish-to} picks (at random with a fixed seed, in turn, or the first). A hub with no
 * connection up (a node that died) is passed over for the next one that has one, so that the
 * updates keep flowing through the nodes that live; a publish from the backlog goes out on the
 * first connection that frees up, whichever its hub.
 *
 * <p>Each update's data is {@code <send time>.<sequence>.} (the send time from
 * {@link System#nanoTime()}, the sequence counting publishes from 0) padded with {@code x} to the
 * payload size. A 200 answer adds the topic's established subscribers (counted when it was
 * sent) to the expected deliveries.
 *
 * <p>Everything but {@link #run} runs on the publisher's single event loop.
 */
public final class Publisher implements AutoCloseable {
    /** A publish without an answer after this is failed, and its connection closed. */
    static final long RESPONSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RECONNECT_DELAY_MILLIS = 100;
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final Settings settings;
    private final Metrics metrics;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final List<HubTarget> hubs;
    /** The head of a publish to each hub (Mercure: the same for every topic). */
    private final byte[][] hubHeads;
    /** The body prefix of each group, when the topic does not change from one publish to the next. */
    private final byte[][] topicFields;
    private final TopicPlan plan;
    private final byte[] padding;
    private final List<PublishConnection> connections = new ArrayList<>();
    /** The idle connections of each hub. */
    private final ArrayDeque<PublishConnection>[] idle;
    /** The connections up to each hub. */
    private final int[] up;
    private final Random random;
    private int nextHub;
    private final long planned;
    private final long maxBacklog;
    private final AtomicInteger connected = new AtomicInteger();
    private long startNanos;
    private long issued;
    private long backlog;
    private int cursor;
    private int sequence;
    private boolean stopped;
    private ScheduledFuture<?> ticker;
    private volatile Promise<Void> done;

    public Publisher(Settings settings, Metrics metrics, EventLoopGroup group, Transport transport) {
        this.settings = settings;
        this.metrics = metrics;
        this.loop = group.next();
        this.planned = settings.plannedPublishes();
        this.maxBacklog = Math.max(1, (long) Math.ceil(settings.rate()));
        this.bootstrap = new Bootstrap().group(loop).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PublishConnection c = ch.attr(PublishConnection.KEY).get();
                        ch.pipeline().addLast("decoder", new HttpResponseDecoder())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                                .addLast("publisher", c);
                    }
                });
        this.plan = settings.plan();
        this.hubs = settings.hubs();
        this.hubHeads = new byte[hubs.size()][];
        for (int h = 0; h < hubs.size(); h++) {
            hubHeads[h] = settings.protocol().publishHead(settings, hubs.get(h), 0);
        }
        @SuppressWarnings("unchecked")
        ArrayDeque<PublishConnection>[] queues = new ArrayDeque[hubs.size()];
        for (int h = 0; h < queues.length; h++) {
            queues[h] = new ArrayDeque<>();
        }
        this.idle = queues;
        this.up = new int[hubs.size()];
        this.random = new Random(settings.cluster().seed());
        this.topicFields = new byte[plan.groups()][];
        for (int j = 0; j < topicFields.length; j++) {
            topicFields[j] = settings.protocol().bodyPrefix(settings, j); // publish j goes to group j
        }
        this.padding = new byte[settings.payload()];
        Arrays.fill(padding, (byte) 'x');
    }

    /**
     * Publishes for the configured duration, then waits for the answers in flight, at most
     * {@code grace} beyond the duration. Called by the run's thread.
     *
     * @return whether every publish was sent and answered in time
     */
    public boolean run(long graceNanos) throws InterruptedException {
        done = loop.newPromise();
        loop.execute(this::startPublishing);
        long budget = settings.duration().toNanos() + graceNanos;
        try {
            done.get(budget, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            loop.submit(this::stop).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Opens the connections ({@code --publish-connections} to each hub) and waits until they are
     * all up, at most {@code timeout} (those still down keep trying). Called by the run's thread,
     * before {@link #run}.
     *
     * @return how many are up
     */
    public int connect(long timeout, TimeUnit unit) throws InterruptedException {
        loop.execute(() -> {
            for (int h = 0; h < hubs.size(); h++) {
                for (int k = 0; k < settings.publishConnections(); k++) {
                    PublishConnection c = new PublishConnection(this, h);
                    connections.add(c);
                    connect(c);
                }
            }
        });
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (connected.get() < settings.publisherConnections() && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return connected.get();
    }

    private void startPublishing() {
        startNanos = System.nanoTime();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(TimeUnit.MILLISECONDS.toNanos(10), settings.rate() == 0 ? Long.MAX_VALUE : (long) (1e9 / settings.rate() / 2)));
        ticker = loop.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    }

    void connect(PublishConnection c) {
        if (stopped) {
            return;
        }
        Bootstrap b = bootstrap.clone().attr(PublishConnection.KEY, c);
        ChannelFuture f = b.connect(hubs.get(c.hub()).address());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                metrics.publishConnectFailures.add(Failures.reason(cf.cause()));
                loop.schedule(() -> connect(c), RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void tick() {
        long now = System.nanoTime();
        long due = Math.min(planned, (long) Math.floor((now - startNanos) / 1e9 * settings.rate()));
        while (issued < due) {
            issued++;
            metrics.publishAttempts.incrementAndGet();
            PublishConnection c = idleConnection();
            if (c != null) {
                send(c);
            } else if (backlog < maxBacklog) {
                backlog++;
            } else {
                metrics.publishSkipped.incrementAndGet();
            }
        }
        for (PublishConnection c : connections) {
            c.checkTimeout(now, RESPONSE_TIMEOUT_NANOS);
        }
        checkDone();
    }

    private void checkDone() {
        if (issued < planned || backlog > 0) {
            return;
        }
        for (PublishConnection c : connections) {
            if (c.inFlight()) {
                return;
            }
        }
        done.trySuccess(null);
    }

    /**
     * An idle connection to the hub this publish goes to ({@code --publish-to}), or to the next hub
     * with a connection up when that one has none; null when that hub's connections are all busy.
     */
    private PublishConnection idleConnection() {
        int h = switch (settings.cluster().publishTo()) {
            case FIRST -> 0;
            case RANDOM -> random.nextInt(hubs.size());
            case ROUND_ROBIN -> nextHub++ % hubs.size();
        };
        for (int k = 0; k < hubs.size() && up[h] == 0; k++) {
            h = (h + 1) % hubs.size();
        }
        return idle[h].poll();
    }

    /** A connection is up. */
    void connected(PublishConnection c) {
        connected.incrementAndGet();
        up[c.hub()]++;
        ready(c);
    }

    /** A connection is free (connected, or answered). */
    void ready(PublishConnection c) {
        if (stopped) {
            return;
        }
        if (backlog > 0 && done != null) {
            backlog--;
            send(c);
        } else {
            idle[c.hub()].add(c);
            checkDone();
        }
    }

    /** A connection closed: it reconnects after a pause. */
    void closed(PublishConnection c) {
        connected.decrementAndGet();
        up[c.hub()]--;
        idle[c.hub()].remove(c);
        if (!stopped) {
            loop.schedule(() -> connect(c), RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void send(PublishConnection c) {
        int topic = cursor;
        cursor = (cursor + 1) % topicFields.length;
        int subscribers = metrics.establishedPerTopic.get(topic);
        int seq = sequence++;
        byte[] topicField = plan.templates() ? settings.protocol().bodyPrefix(settings, seq) : topicFields[topic];
        long stamp = System.nanoTime();
        byte[] digits = (stamp + "." + seq + ".").getBytes(StandardCharsets.US_ASCII);
        int bodyLength = topicField.length + settings.payload();
        byte[] length = Integer.toString(bodyLength).getBytes(StandardCharsets.US_ASCII);
        Channel ch = c.channel();
        byte[] head = settings.protocol() == Protocol.MERCURE ? hubHeads[c.hub()]
                : settings.protocol().publishHead(settings, hubs.get(c.hub()), topic); // Nchan: a path per topic
        ByteBuf buf = ch.alloc().buffer(head.length + length.length + 4 + bodyLength);
        buf.writeBytes(head).writeBytes(length).writeByte('\r').writeByte('\n').writeByte('\r').writeByte('\n')
                .writeBytes(topicField).writeBytes(digits)
                .writeBytes(padding, 0, settings.payload() - digits.length);
        metrics.publishes.sent(seq, stamp, subscribers);
        metrics.publishedPerHub.incrementAndGet(c.hub());
        c.send(buf, seq, stamp, subscribers);
    }

    private void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (backlog > 0) {
            metrics.publishSkipped.addAndGet(backlog);
            backlog = 0;
        }
        for (PublishConnection c : connections) {
            c.abort("no answer before the end of the publish phase");
        }
        if (issued < planned) {
            // The phase ran out of time (a stalled hub): the rest was never attempted.
            metrics.publishSkipped.addAndGet(planned - issued);
            metrics.publishAttempts.addAndGet(planned - issued);
            issued = planned;
        }
    }

    Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        loop.submit(() -> {
            stopped = true;
            for (PublishConnection c : connections) {
                c.close();
            }
        }).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
