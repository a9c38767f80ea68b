package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers the match results of patterns (URI Templates, URL Patterns), bounded in size. Publishes tend to repeat topics and
 * subscribers tend to share templates, so a hit saves a regular expression run per pair. Only an
 * optimisation: a miss computes the same answer. Thread-safe.
 */
public final class MatchCache {
    /** @param selector the selector's kind and text, so a template and a pattern with the same text differ */
    private record Key(String selector, String topic) {}

    private final Cache<Key, Boolean> results;

    public MatchCache(long maxEntries) {
        this.results = maxEntries > 0 ? Caffeine.newBuilder().maximumSize(maxEntries).build() : null;
    }

    boolean matches(UriTemplate template, String topic) {
        return matches("tpl:" + template.text(), topic, template::matches);
    }

    boolean matches(String selectorKey, String topic, java.util.function.Predicate<String> match) {
        if (results == null) {
            return match.test(topic);
        }
        return results.get(new Key(selectorKey, topic), k -> match.test(topic));
    }
}
