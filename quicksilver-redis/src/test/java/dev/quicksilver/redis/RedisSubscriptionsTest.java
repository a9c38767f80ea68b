package dev.quicksilver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.subscription.RemoteSubscription;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each node's subscriptions in Redis, read by the other nodes (docs/cluster.md "Subscriptions API"). */
class RedisSubscriptionsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    @DisplayName("a subscriber added on one node is listed by the other, not by its own node; its hash has a TTL; "
            + "removed, it leaves the other's listing; Redis flushed, the node writes it again")
    void acrossNodes() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                RedisTransport a = ready(redis.url());
                RedisTransport b = ready(redis.url())) {
            Subscriber s = subscriber("urn:uuid:sub-1", "https://example.com/s");
            a.clusterSubscriptions().added(s);
            await().atMost(PATIENCE).until(() -> documents(b).size() == 1);
            assertThat(documents(b).get(0)).contains("urn%3Auuid%3Asub-1");
            assertThat(documents(a)).as("a node's own subscribers are in its registry, not read back").isEmpty();
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisSubscriptions onA = (RedisSubscriptions) a.clusterSubscriptions();
                String hash = new Keys(Keys.DEFAULT_PREFIX).subscriptions(onA.node());
                long ttl = c.sync().pttl(hash);
                assertThat(ttl).isPositive().isLessThanOrEqualTo(RedisSubscriptions.TTL_MILLIS);
                c.sync().flushall();
                // Lost with Redis's data: the next renewal writes it again from the node's registry.
                await().atMost(PATIENCE).until(() -> documents(b).size() == 1);
            } finally {
                client.shutdown();
            }
            a.clusterSubscriptions().removed(s);
            await().atMost(PATIENCE).until(() -> documents(b).isEmpty());
        }
    }

    @Test
    @DisplayName("a node names itself as soon as it connects: a subscriber it serves from the start is listed by "
            + "another node at once, not after the first renewal (5 s later)")
    void listedFromTheStart() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
                RedisTransport a = ready(redis.url());
                RedisTransport b = ready(redis.url())) {
            a.clusterSubscriptions().added(subscriber("urn:uuid:early", "https://example.com/early"));
            // Before the renewal that would otherwise name the node (a Redis round trip or two, with
            // room for a loaded machine's first Lettuce calls).
            await().atMost(Duration.ofMillis(RedisSubscriptions.REFRESH_MILLIS * 4 / 5))
                    .until(() -> documents(b).size() == 1);
            assertThat(documents(b).get(0)).contains("urn%3Auuid%3Aearly");
        }
    }

    private static Subscriber subscriber(String id, String topic) {
        return new Subscriber(id, List.of(Matcher.topic(TopicSelectors.withDefaults().parse(topic))), Anonymous.INSTANCE);
    }

    private static List<String> documents(RedisTransport node) throws Exception {
        return node.clusterSubscriptions().others().toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .map(RemoteSubscription::document).toList();
    }

    private static RedisTransport ready(String url) {
        RedisTransport t = RedisTransport.start(RedisSettings.of(url, 1000, Duration.ZERO, 0));
        await().atMost(PATIENCE).until(() -> t.health().healthy());
        return t;
    }
}
