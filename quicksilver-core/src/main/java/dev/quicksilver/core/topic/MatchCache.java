package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Remembers the match results of patterns (URI Templates, URL Patterns). Publishes tend to repeat
 * topics and subscribers tend to share templates, so a hit saves a regular expression run per
 * pair. Only an optimisation: a miss computes the same answer. Thread-safe.
 *
 * <p>Bounded in bytes, not entries: a key holds a selector and a topic, each up to kilobytes, so a
 * count would not bound the memory. Entries expire a minute after they were written, so the
 * results of selectors that no subscriber uses any more do not stay until the cache fills.
 */
public final class MatchCache {
    /** Key and Boolean object headers and the cache's node, roughly, on a 64-bit JVM. */
    private static final int ENTRY_OVERHEAD = 96;
    static final Duration EXPIRY = Duration.ofMinutes(1);

    /**
     * @param kind "tpl" or "urlp", so that a template and a pattern with the same text differ
     * @param selector the selector's text, the same instance as the compiled selector's
     */
    private record Key(String kind, String selector, String topic) {}

    private final Cache<Key, Boolean> results;

    /** @param maxBytes the estimated size the entries may take together; 0 turns the cache off */
    public MatchCache(long maxBytes) {
        this.results = maxBytes > 0
                ? Caffeine.newBuilder().maximumWeight(maxBytes).weigher((Key key, Boolean value) -> weight(key))
                        .expireAfterWrite(EXPIRY).<Key, Boolean>build()
                : null;
    }

    private static int weight(Key key) {
        return ENTRY_OVERHEAD + 2 * (key.selector.length() + key.topic.length());
    }

    boolean matches(UriTemplate template, String topic) {
        return matches("tpl", template.text(), topic, template::matches);
    }

    boolean matches(String kind, String selector, String topic, Predicate<String> match) {
        if (results == null) {
            return match.test(topic);
        }
        return results.get(new Key(kind, selector, topic), k -> match.test(topic));
    }

    /** The estimated bytes of the entries, after expired ones are dropped. */
    long weight() {
        if (results == null) {
            return 0;
        }
        results.cleanUp();
        return results.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }
}
