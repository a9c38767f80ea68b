package dev.quicksilver.redis;

import java.time.Duration;

/**
 * How a hub node uses Redis.
 *
 * @param url where Redis is: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://}
 *     (Sentinel, with the master's name as {@code sentinelMasterId}), {@code redis-cluster://} or
 *     {@code rediss-cluster://} (Redis Cluster, seed nodes separated by commas); see {@link RedisEndpoint}
 * @param maxEvents the events the stream keeps for reconnecting clients (about: Redis trims it in
 *     whole blocks)
 * @param maxAge the oldest event kept, {@link Duration#ZERO} for no limit
 * @param replicas after each publish, wait for this many replicas to have it before answering (Redis
 *     {@code WAIT}); 0 answers once the primary has it
 * @param commandTimeout the longest wait for Redis to answer a command: a publish fails (503) after it
 * @param keyPrefix the prefix of every key, a hash tag (see {@link Keys})
 */
public record RedisSettings(String url, int maxEvents, Duration maxAge, int replicas, Duration commandTimeout,
        String keyPrefix) {
    /** Long enough for a loaded Redis, short enough that a publisher hears of an outage within a second. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(800);

    public RedisSettings {
        if (maxEvents < 0 || replicas < 0) {
            throw new IllegalArgumentException("maxEvents and replicas must not be negative");
        }
        new Keys(keyPrefix); // validates
    }

    public static RedisSettings of(String url, int maxEvents, Duration maxAge, int replicas) {
        return new RedisSettings(url, maxEvents, maxAge, replicas, DEFAULT_COMMAND_TIMEOUT, Keys.DEFAULT_PREFIX);
    }

    Keys keys() {
        return new Keys(keyPrefix);
    }
}
