package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Turns selector strings into {@link TopicSelector}s by the 0.x rules: {@code *} matches everything,
 * a value containing {@code {} that parses as a URI Template is a template (tried after exact
 * equality), anything else is compared exactly. Compiled templates are shared between the many
 * subscribers that use the same one. Thread-safe.
 */
public final class TopicSelectors {
    private final Cache<String, Optional<UriTemplate>> compiled;
    private final MatchCache matchCache;

    public TopicSelectors(long compiledTemplates, long cachedMatches) {
        this.compiled = Caffeine.newBuilder().maximumSize(Math.max(1, compiledTemplates)).build();
        this.matchCache = new MatchCache(cachedMatches);
    }

    /** Defaults that suit one hub: 10,000 compiled templates and 100,000 remembered matches. */
    public static TopicSelectors withDefaults() {
        return new TopicSelectors(10_000, 100_000);
    }

    public TopicSelector parse(String text) {
        if (text.equals("*")) {
            return TopicSelector.Wildcard.INSTANCE;
        }
        if (text.indexOf('{') >= 0) {
            Optional<UriTemplate> template = compiled.get(text, UriTemplate::parse);
            if (template.isPresent()) {
                return new TopicSelector.Template(template.get(), matchCache);
            }
        }
        return new TopicSelector.Exact(text);
    }
}
