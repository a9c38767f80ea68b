package dev.quicksilver.redis;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.subscription.ClusterSubscriptions;
import dev.quicksilver.core.subscription.RemoteSubscription;
import io.lettuce.core.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * This node's subscriptions in Redis, and the other nodes' read back for the subscriptions API
 * (docs/cluster.md "Subscriptions API").
 *
 * <p>Each node keeps a hash {@code subscriptions(node)}: subscriber id to its subscriptions
 * ({@link RemoteSubscription#encode}). The hash expires after {@link #TTL_MILLIS} unless the node
 * renews it, every {@link #REFRESH_MILLIS}: a node that dies (kill -9, a lost machine) leaves
 * entries that vanish within the TTL, with no other node having to notice. The sorted set
 * {@code nodes()} names the nodes to read, scored by their last renewal; a name whose hash has
 * expired reads as empty, and names silent for long are pruned.
 *
 * <p>Writes are asynchronous and never awaited: a write that fails (Redis down) marks the hash for a
 * resynchronisation from the node's own registry at the next renewal.
 */
final class RedisSubscriptions implements ClusterSubscriptions {
    /** How long a node's entries outlive its last renewal: the bound on a dead node's ghosts. */
    static final long TTL_MILLIS = 15_000;
    static final long REFRESH_MILLIS = 5_000;
    /** Names silent this long leave the set of nodes (their hashes expired long before). */
    private static final long PRUNE_MILLIS = 10 * TTL_MILLIS;

    private final String node = UUID.randomUUID().toString();
    private final Keys keys;
    private final Supplier<RedisEndpoint.@Nullable Link> link;
    private final ScheduledExecutorService scheduler;
    /** This node's subscribers, as written to its hash: what a resynchronisation writes again. */
    private final Map<String, String> local = new ConcurrentHashMap<>();
    private volatile boolean resync = true;

    RedisSubscriptions(Keys keys, Supplier<RedisEndpoint.@Nullable Link> link, ScheduledExecutorService scheduler) {
        this.keys = keys;
        this.link = link;
        this.scheduler = scheduler;
    }

    String node() {
        return node;
    }

    /** Starts renewing this node's entries. */
    void start() {
        scheduler.execute(this::refresh);
    }

    /**
     * The transport has just connected: name this node and write its entries now rather than at the
     * next renewal, up to {@link #REFRESH_MILLIS} later, during which the other nodes would not
     * list the subscribers it already serves.
     */
    void connected() {
        scheduler.execute(this::renew);
    }

    @Override
    public void added(Subscriber subscriber) {
        String value = RemoteSubscription.encode(subscriber);
        local.put(subscriber.id(), value);
        String hash = keys.subscriptions(node);
        // The expiry goes with the first write too: a node that dies before its next renewal leaves no ghost.
        write(l -> l.commands().hset(hash, subscriber.id(), value).toCompletableFuture()
                .thenCompose(ok -> l.commands().pexpire(hash, TTL_MILLIS)));
    }

    @Override
    public void removed(Subscriber subscriber) {
        local.remove(subscriber.id());
        write(l -> l.commands().hdel(keys.subscriptions(node), subscriber.id()).toCompletableFuture());
    }

    @Override
    public CompletionStage<List<RemoteSubscription>> others() {
        RedisEndpoint.Link l = link.get();
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        try {
            return l.commands().zrange(keys.nodes(), 0, -1).toCompletableFuture().thenCompose(nodes -> {
                List<CompletableFuture<List<String>>> reads = new ArrayList<>();
                for (String other : nodes) {
                    if (!other.equals(node)) {
                        reads.add(l.commands().hvals(keys.subscriptions(other)).toCompletableFuture());
                    }
                }
                return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
                    List<RemoteSubscription> result = new ArrayList<>();
                    for (CompletableFuture<List<String>> read : reads) {
                        for (String value : read.join()) {
                            result.addAll(RemoteSubscription.decode(value));
                        }
                    }
                    return result;
                });
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Renews the hash's expiry and the node's score; rewrites the hash from the registry when a write
     * failed or the hash was lost (Redis restarted without its data), dropping entries of
     * subscribers gone meanwhile.
     */
    private void refresh() {
        try {
            renew();
        } finally {
            if (!scheduler.isShutdown()) {
                scheduler.schedule(this::refresh, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void renew() {
        try {
            RedisEndpoint.Link l = link.get();
            if (l != null) {
                String hash = keys.subscriptions(node);
                long now = System.currentTimeMillis();
                write(c -> c.commands().zadd(keys.nodes(), (double) now, node).toCompletableFuture()
                        .thenCompose(n -> c.commands().zremrangebyscore(keys.nodes(),
                                Range.create((Number) 0, (Number) (now - PRUNE_MILLIS))))
                        .thenCompose(n -> c.commands().pexpire(hash, TTL_MILLIS))
                        .thenAccept(exists -> {
                            if (!exists && !local.isEmpty()) {
                                resync = true;
                            }
                        }));
                if (resync) {
                    resync = false;
                    write(c -> resynchronise(c, hash));
                }
            }
        } catch (RuntimeException e) {
            resync = true;
        }
    }

    private CompletableFuture<?> resynchronise(RedisEndpoint.Link l, String hash) {
        Map<String, String> snapshot = Map.copyOf(local);
        CompletableFuture<?> written = snapshot.isEmpty() ? CompletableFuture.completedFuture(null)
                : l.commands().hset(hash, snapshot).toCompletableFuture()
                        .thenCompose(n -> l.commands().pexpire(hash, TTL_MILLIS));
        return written.thenCompose(n -> l.commands().hkeys(hash)).thenCompose(fields -> {
            String[] gone = fields.stream().filter(f -> !local.containsKey(f)).toArray(String[]::new);
            return gone.length == 0 ? CompletableFuture.completedFuture(0L)
                    : l.commands().hdel(hash, gone).toCompletableFuture();
        });
    }

    /** Sends a write; if Redis is not there or refuses it, the next renewal rewrites the hash. */
    private void write(Function<RedisEndpoint.Link, CompletableFuture<?>> command) {
        RedisEndpoint.Link l = link.get();
        if (l == null) {
            resync = true;
            return;
        }
        try {
            command.apply(l).whenComplete((ok, error) -> {
                if (error != null) {
                    resync = true;
                }
            });
        } catch (RuntimeException e) {
            resync = true;
        }
    }
}
