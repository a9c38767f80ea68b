package dev.quicksilver.redis;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.subscription.ClusterSubscriptions;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.transport.StorageHealth;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of a hub node in a cluster: every node appends to one Redis stream and reads it
 * back, so the stream's order is the cluster's order.
 *
 * <p>A publish runs one script ({@code publish.lua}) that takes the next sequence, appends the
 * entry (its id is the sequence), indexes its Mercure id and trims the stream and the index; it
 * is answered when Redis has run it (and, with {@code replicas}, once that many replicas have it).
 * The node hears of its own publishes as of everyone else's: through its {@link StreamReader}. A
 * reconnecting client is replayed from the stream ({@link RedisHistory}), on whichever node.
 *
 * <p>Faults: when Redis cannot be reached at start, the node still starts, says it is unhealthy and
 * retries every second; while Redis is down, publishes fail at once (or after the command timeout,
 * when Redis hangs) with a {@link NotStoredException}, which the hub answers 503 with
 * {@code Retry-After}. Open streams are the hub's and stay up; the reader resumes from its last
 * entry when Redis is back.
 */
public final class RedisTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
    private static final long CONNECT_RETRY_MILLIS = 1_000;
    private static final long CONNECT_LOG_NANOS = 10_000_000_000L;
    private static final long PROBE_MILLIS = 1_000;

    private final RedisSettings settings;
    private final Keys keys;
    private final RedisEndpoint endpoint;
    private final Script publish = Script.load("publish.lua");
    private final StorageHealth storage;
    private final RedisHistory history;
    private final ScheduledExecutorService scheduler;
    private final RedisSubscriptions subscriptions;
    private volatile RedisEndpoint.@Nullable Link link;
    private volatile @Nullable StreamReader reader;
    private volatile Consumer<Event> listener = e -> {};
    private volatile boolean closed;
    private volatile String connectProblem = "connecting to Redis";
    private long nextConnectLog;

    private RedisTransport(RedisSettings settings) {
        this.settings = settings;
        this.keys = settings.keys();
        this.endpoint = RedisEndpoint.of(settings.url(), settings.commandTimeout());
        this.storage = new StorageHealth("Redis at " + endpoint.redacted());
        this.history = new RedisHistory(keys, streamLength(settings), () -> link);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quicksilver-redis");
            t.setDaemon(true);
            return t;
        });
        this.subscriptions = new RedisSubscriptions(keys, () -> link, scheduler);
    }

    /**
     * Starts connecting, and returns at once: the node serves (and reports itself unhealthy) while
     * Redis is unreachable.
     *
     * @throws IllegalArgumentException when the URL is not a Redis URL
     */
    public static RedisTransport start(RedisSettings settings) {
        RedisTransport t = new RedisTransport(settings);
        t.scheduler.execute(t::connect);
        t.scheduler.schedule(t::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        t.subscriptions.start();
        return t;
    }

    /** The entries the stream keeps: the history's size, and at least a few for readers that lag a little. */
    static int streamLength(RedisSettings settings) {
        return Math.max(settings.maxEvents(), 100);
    }

    private void connect() {
        if (closed) {
            return;
        }
        CompletableFuture<RedisEndpoint.Link> commands = endpoint.connect();
        CompletableFuture<RedisEndpoint.Link> reading = commands.thenCompose(c -> endpoint.connect());
        reading.thenCompose(r -> publish.loadInto(commands.join().commands()))
                .thenCompose(loaded -> history.loadScript(commands.join().commands()))
                .thenCompose(loaded -> newest(commands.join()))
                .thenCompose(newestId -> commands.join().commands().xlen(keys.stream()).toCompletableFuture()
                        .thenAccept(length -> start(commands.join(), reading.join(), newestId, length)))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        commands.thenAccept(c -> c.connection().closeAsync());
                        reading.thenAccept(c -> c.connection().closeAsync());
                        notConnected(error);
                    }
                });
    }

    /** The id of the stream's newest entry, or 0-0 for an empty stream: the reader starts after it. */
    private CompletableFuture<String> newest(RedisEndpoint.Link l) {
        return l.commands().xrevrange(keys.stream(), Range.create("-", "+"), Limit.from(1)).toCompletableFuture()
                .thenApply((List<StreamMessage<String, String>> m) -> m.isEmpty() ? "0-0" : m.get(0).getId());
    }

    private synchronized void start(RedisEndpoint.Link commands, RedisEndpoint.Link reading, String newest,
            long length) {
        if (closed) {
            commands.connection().closeAsync();
            reading.connection().closeAsync();
            return;
        }
        // The blocked read must outlast its block, or every quiet second would look like an outage.
        reading.connection().setTimeout(settings.commandTimeout().plusMillis(StreamReader.BLOCK_MILLIS));
        history.counted(length);
        StreamReader r = new StreamReader(keys, reading, newest, scheduler, this::deliver, endpoint.redacted());
        this.reader = r;
        this.link = commands;
        connectProblem = null;
        LOG.info("cluster transport: connected to Redis at {}, stream {} ({} entries, reading after {}), keeping {} "
                + "events{}{}", endpoint.redacted(), keys.stream(), length, newest, streamLength(settings),
                settings.maxAge().isZero() ? "" : ", at most " + settings.maxAge(),
                settings.replicas() == 0 ? "" : ", publishes wait for " + settings.replicas() + " replica(s)");
        r.start();
        subscriptions.connected();
    }

    private void notConnected(Throwable error) {
        String reason = StreamReader.reason(error);
        connectProblem = "Redis at " + endpoint.redacted() + " is unreachable (" + reason + ")";
        long now = System.nanoTime();
        if (now - nextConnectLog >= 0) {
            LOG.warn("{}; the node is not ready and publishes are answered 503 until it is; retrying every {} ms",
                    connectProblem, CONNECT_RETRY_MILLIS);
            nextConnectLog = now + CONNECT_LOG_NANOS;
        }
        if (!closed) {
            scheduler.schedule(this::connect, CONNECT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * While publishes fail, a write every second tells when Redis takes them again, so the node
     * reports itself healthy without waiting for a publisher to try (a write, not a read: a replica
     * left read-only by a failover answers reads).
     */
    private void probe() {
        RedisEndpoint.Link l = link;
        if (closed) {
            return;
        }
        if (l != null && !storage.health().healthy()) {
            try {
                l.commands().set(keys.probe(), "1", io.lettuce.core.SetArgs.Builder.px(10_000))
                        .thenAccept(ok -> storage.stored());
            } catch (RuntimeException e) {
                // not connected: the next probe tries again
            }
        }
        scheduler.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void deliver(Event event) {
        history.read(event);
        listener.accept(event);
    }

    @Override
    public CompletionStage<Event> publish(Update update) {
        return publish(update, false);
    }

    @Override
    public CompletionStage<Event> publishSubscriptionEvent(Update update) {
        return publish(update, true);
    }

    private CompletionStage<Event> publish(Update update, boolean subscriptionEvent) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
        }
        RedisEndpoint.Link l = link;
        if (l == null) {
            return notStored(connectProblem);
        }
        Update withId = update.id() != null ? update : update.withId(LocalTransport.generateId());
        List<String> fields = Entries.fields(withId, subscriptionEvent);
        String[] args = new String[3 + fields.size()];
        args[0] = Integer.toString(streamLength(settings));
        args[1] = Long.toString(settings.maxAge().toMillis());
        args[2] = withId.id();
        for (int i = 0; i < fields.size(); i++) {
            args[3 + i] = fields.get(i);
        }
        CompletableFuture<Long> appended;
        try {
            appended = publish.<Long>run(l.commands(), ScriptOutputType.INTEGER,
                    new String[] {keys.stream(), keys.sequence(), keys.index()}, args);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        if (settings.replicas() > 0) {
            appended = appended.thenCompose(sequence -> replicated(l, sequence));
        }
        return appended.handle((sequence, error) -> {
            if (error != null) {
                String reason = StreamReader.reason(error);
                storage.failed(1, reason);
                throw new CompletionException(new NotStoredException("the update could not be stored: " + reason,
                        error));
            }
            storage.stored();
            return Event.of(sequence, withId);
        });
    }

    /** Redis WAIT: the sequence once enough replicas have every write so far, else a failure. */
    private CompletableFuture<Long> replicated(RedisEndpoint.Link l, long sequence) {
        long waitMillis = Math.max(1, settings.commandTimeout().toMillis() / 2);
        return l.commands().waitForReplication(settings.replicas(), waitMillis).toCompletableFuture()
                .thenApply(acknowledged -> {
                    if (acknowledged < settings.replicas()) {
                        throw new IllegalStateException("only " + acknowledged + " of " + settings.replicas()
                                + " replicas acknowledged within " + waitMillis + " ms");
                    }
                    return sequence;
                });
    }

    private CompletionStage<Event> notStored(String reason) {
        storage.failed(1, reason);
        return CompletableFuture.failedFuture(new NotStoredException("the update could not be stored: " + reason,
                null));
    }

    @Override
    public void listen(Consumer<Event> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    @Override
    public ClusterSubscriptions clusterSubscriptions() {
        return subscriptions;
    }

    @Override
    public History history() {
        return history;
    }

    /** Unhealthy until connected, while the reader cannot read, and from a failed publish until one succeeds. */
    @Override
    public Health health() {
        String problem = connectProblem;
        if (problem != null) {
            return new Health(problem);
        }
        StreamReader r = reader;
        if (r != null && !r.health().healthy()) {
            return r.health();
        }
        return storage.health();
    }

    public RedisSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        StreamReader r = reader;
        if (r != null) {
            r.stop();
        }
        scheduler.shutdownNow();
        endpoint.close();
    }
}
