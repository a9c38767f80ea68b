package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quicksilver.core.urlpattern.UrlPattern;
import dev.quicksilver.core.urlpattern.UrlPatternException;
import java.util.Optional;

/**
 * Turns selector strings into {@link TopicSelector}s by the 0.x rules: {@code *} matches everything,
 * a value containing {@code {} that parses as a URI Template is a template (tried after exact
 * equality), anything else is compared exactly. Compiled templates are shared between the many
 * subscribers that use the same one. Thread-safe.
 */
public final class TopicSelectors {
    private final Cache<String, Optional<UriTemplate>> compiled;
    private final Cache<String, Optional<UrlPattern>> compiledPatterns;
    private final MatchCache matchCache;

    public TopicSelectors(long compiledTemplates, long cachedMatches) {
        this.compiled = Caffeine.newBuilder().maximumSize(Math.max(1, compiledTemplates)).build();
        this.compiledPatterns = Caffeine.newBuilder().maximumSize(Math.max(1, compiledTemplates)).build();
        this.matchCache = new MatchCache(cachedMatches);
    }

    /** Defaults that suit one hub: 10,000 compiled templates and 100,000 remembered matches. */
    public static TopicSelectors withDefaults() {
        return new TopicSelectors(10_000, 100_000);
    }

    /**
     * A 1.0 {@code match_urlpattern} selector: {@code *} matches every topic, anything else is
     * compiled as a URL Pattern relative to the hub's URL.
     *
     * @throws UrlPatternException when the pattern is invalid or needs regular expression
     *     features that cannot run in linear time
     */
    public TopicSelector urlPattern(String text, String hubUrl) {
        if (text.equals("*")) {
            return TopicSelector.Wildcard.INSTANCE;
        }
        UrlPattern pattern = compiledPatterns.get(text + "\n" + hubUrl, k -> compile(text, hubUrl)).orElseThrow(
                () -> new UrlPatternException("invalid URL pattern"));
        return new TopicSelector.UrlPatternSelector(text, pattern, hubUrl, matchCache);
    }

    /** A 1.0 {@code match} selector: byte-for-byte, {@code *} matching every topic. */
    public TopicSelector exact(String text) {
        return text.equals("*") ? TopicSelector.Wildcard.INSTANCE : new TopicSelector.Exact(text);
    }

    private static Optional<UrlPattern> compile(String text, String hubUrl) {
        try {
            return Optional.of(UrlPattern.compile(text, hubUrl));
        } catch (UrlPatternException e) {
            return Optional.empty();
        }
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
