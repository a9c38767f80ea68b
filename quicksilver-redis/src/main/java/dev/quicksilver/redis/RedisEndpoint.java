package dev.quicksilver.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How to connect to Redis, at a URL of one of the forms {@link RedisUrl} takes.
 *
 * <p>Connections reconnect by themselves. To one server (or Sentinel's master) they refuse commands
 * at once while disconnected: a publish during an outage fails now, rather than wait in a queue for
 * Redis to return. To a cluster, commands wait for the node's connection, at most the command timeout.
 */
final class RedisEndpoint implements AutoCloseable {
    /** One connection and its commands, standalone or cluster alike. */
    record Link(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {}

    private final String url;
    private final RedisClient client;
    private final RedisClusterClient cluster;
    private final RedisURI uri;
    private final ClientResources resources;

    private RedisEndpoint(String url, Duration timeout) {
        this.url = url;
        // Reconnect within a second of Redis coming back, however long it was gone (Lettuce's
        // default backs off to 30 s). Two I/O threads: one node holds two connections.
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // Every command times out: by the URI's timeout (set below to the command timeout), which the
        // reader's connection raises for its blocked reads.
        TimeoutOptions timeouts = TimeoutOptions.enabled();
        if (RedisUrl.isCluster(url)) {
            List<RedisURI> seeds = RedisUrl.seeds(url);
            seeds.forEach(u -> u.setTimeout(timeout));
            this.uri = seeds.get(0);
            this.client = null;
            this.cluster = RedisClusterClient.create(resources, seeds);
            // A cluster connection opens its connection to each node on that node's first command:
            // refusing commands while disconnected would refuse those. They wait instead, at most
            // the command timeout.
            cluster.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .timeoutOptions(timeouts).build());
        } else {
            this.uri = RedisURI.create(url);
            uri.setTimeout(timeout);
            this.cluster = null;
            this.client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(timeouts).build());
        }
    }

    /** @throws IllegalArgumentException when the URL is not one of the forms above */
    static RedisEndpoint of(String url, Duration timeout) {
        RedisUrl.validate(url);
        return new RedisEndpoint(url, timeout);
    }

    /** A new connection; completes when it is up (or fails with why it is not). */
    CompletableFuture<Link> connect() {
        if (cluster != null) {
            // The cluster's topology first: a connection routes each command by it.
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(ok -> cluster.connectAsync(StringCodec.UTF8)).thenApply(c -> new Link(c, c.async()));
        }
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(c -> new Link(c, c.async()));
    }

    /** The URL without its password, for log lines. */
    String redacted() {
        return RedisUrl.redact(url);
    }



    @Override
    public void close() {
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
