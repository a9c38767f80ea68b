package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers template match results, bounded in size. Publishes tend to repeat topics and
 * subscribers tend to share templates, so a hit saves a regular expression run per pair. Only an
 * optimisation: a miss computes the same answer. Thread-safe.
 */
public final class MatchCache {
    private record Key(String template, String topic) {}

    private final Cache<Key, Boolean> results;

    public MatchCache(long maxEntries) {
        this.results = maxEntries > 0 ? Caffeine.newBuilder().maximumSize(maxEntries).build() : null;
    }

    boolean matches(UriTemplate template, String topic) {
        if (results == null) {
            return template.matches(topic);
        }
        return results.get(new Key(template.text(), topic), k -> template.matches(topic));
    }
}
