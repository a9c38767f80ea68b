package dev.quicksilver.server.config;

import java.time.Duration;

/**
 * Bounds on what clients may ask of the hub; past them a request gets a 4xx or its connection is closed.
 *
 * @param maxBodySize the largest publish body, in bytes
 * @param maxTopics the most topics per update, and {@code topic} selectors per subscription
 * @param maxSelectorLength the longest {@code topic} selector, in characters
 * @param maxMatchers the most {@code match} / {@code match_urlpattern} parameters per subscription
 * @param maxMatchLength the longest {@code match} / {@code match_urlpattern} value, in bytes
 * @param maxConnections the most streams at once (already resolved from {@code auto})
 * @param maxConnectionsPerClient the most streams at once per client, 0 for no limit
 * @param readTimeout the longest time to receive a whole request, and to keep an idle connection
 */
public record LimitsConfig(int maxBodySize, int maxTopics, int maxSelectorLength, int maxMatchers, int maxMatchLength,
        int maxConnections, int maxConnectionsPerClient, Duration readTimeout) {

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private int maxBodySize;
        private int maxTopics;
        private int maxSelectorLength;
        private int maxMatchers;
        private int maxMatchLength;
        private int maxConnections;
        private int maxConnectionsPerClient;
        private Duration readTimeout;

        Builder() {}

        private Builder(LimitsConfig from) {
            maxBodySize = from.maxBodySize;
            maxTopics = from.maxTopics;
            maxSelectorLength = from.maxSelectorLength;
            maxMatchers = from.maxMatchers;
            maxMatchLength = from.maxMatchLength;
            maxConnections = from.maxConnections;
            maxConnectionsPerClient = from.maxConnectionsPerClient;
            readTimeout = from.readTimeout;
        }

        public Builder maxBodySize(int v) { maxBodySize = v; return this; }
        public Builder maxTopics(int v) { maxTopics = v; return this; }
        public Builder maxSelectorLength(int v) { maxSelectorLength = v; return this; }
        public Builder maxMatchers(int v) { maxMatchers = v; return this; }
        public Builder maxMatchLength(int v) { maxMatchLength = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerClient(int v) { maxConnectionsPerClient = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }

        public LimitsConfig build() {
            return new LimitsConfig(maxBodySize, maxTopics, maxSelectorLength, maxMatchers, maxMatchLength,
                    maxConnections, maxConnectionsPerClient, readTimeout);
        }
    }
}
