package dev.quicksilver.server.support;

import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.history.History;
import dev.quicksilver.redis.RedisServer;
import dev.quicksilver.server.config.HubConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The hub of a test in a {@link Topology}: the node publishers talk to and the node subscribers
 * (and subscriptions API readers, where a test says so) talk to. On one node both are the same
 * {@link TestHub}. On two nodes each is a {@link TestHub} of its own, in this process, with its own
 * ports and its own Redis transport, on a {@code redis-server} of their own that this starts (and
 * stops on {@link #close}), so nothing leaks between two {@code Nodes}.
 */
public final class Nodes implements AutoCloseable {
    private final TestHub publisher;
    private final TestHub subscriber;
    private final @Nullable RedisServer redis;
    private final @Nullable Path redisDir;

    private Nodes(TestHub publisher, TestHub subscriber, @Nullable RedisServer redis, @Nullable Path redisDir) {
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.redis = redis;
        this.redisDir = redisDir;
    }

    /** Starts the hub in this topology, each node configured as {@link TestHub#start} with {@code adjust}. */
    public static Nodes start(Topology topology, UnaryOperator<HubConfig.Builder> adjust) {
        if (topology == Topology.ONE_NODE) {
            TestHub hub = TestHub.start(adjust);
            return new Nodes(hub, hub, null, null);
        }
        Path dir = null;
        RedisServer redis = null;
        TestHub a = null;
        try {
            dir = Files.createTempDirectory("quicksilver-nodes");
            // No AOF: these tests do not restart Redis, and an fsync per publish would only slow them.
            redis = RedisServer.start(dir, "--appendonly", "no");
            String url = redis.url();
            UnaryOperator<HubConfig.Builder> node = b -> adjust.apply(b).history(h -> h.transport(url));
            a = TestHub.start(node);
            TestHub b = TestHub.start(node);
            Nodes nodes = new Nodes(a, b, redis, dir);
            nodes.awaitReady(a);
            nodes.awaitReady(b);
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            if (a != null) {
                a.close();
            }
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    /** A node connects to Redis after it starts listening: until then it answers publishes 503. */
    private void awaitReady(TestHub node) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> TestHub.send(
                HttpRequest.newBuilder(node.uri("/healthz")).timeout(Duration.ofSeconds(5)).GET().build())
                .statusCode() == 200);
    }

    /**
     * On two nodes, waits until the subscriber node has read from Redis the update with this id (the
     * newest published), and so has dispatched it to the subscribers it had: a stream opened there
     * afterwards gets that update only by replay, never live. Without the wait, a stream opened
     * without a cursor just after a publish on the other node may receive the update live, as a
     * subscriber without Last-Event-ID may in a cluster (docs/cluster.md). Nothing to wait for on
     * one node, which queues the dispatch before it answers the publish.
     */
    public void awaitSubscriberRead(String id) {
        if (publisher == subscriber) {
            return;
        }
        History history = subscriber.server().hub().transport().history();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2))
                .until(() -> id.equals(history.lastEventId()));
    }

    /** The node publishers talk to (node A). */
    public TestHub publisher() {
        return publisher;
    }

    /** The node subscribers talk to (node B; A itself on one node). */
    public TestHub subscriber() {
        return subscriber;
    }

    @Override
    public void close() {
        subscriber.close();
        if (publisher != subscriber) {
            publisher.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (redisDir != null) {
            try (Stream<Path> files = Files.walk(redisDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: left behind at worst
            }
        }
    }
}
