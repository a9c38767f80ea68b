package dev.quicksilver.core.topic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quicksilver.core.urlpattern.UrlPattern;
import dev.quicksilver.core.urlpattern.UrlPatternException;

/**
 * Turns selector strings into {@link TopicSelector}s by the 0.x rules: {@code *} matches everything,
 * a value containing {@code {} that parses as a URI Template is a template (tried after exact
 * equality), anything else is compared exactly; and 1.0 {@code match} / {@code match_urlpattern}
 * values into exact selectors and URL Patterns. Thread-safe.
 *
 * <p>Compiled templates and patterns are shared between the subscribers that send the same text,
 * through caches that hold them <em>weakly</em>: a compiled selector stays in memory exactly as
 * long as a subscriber (or a token's principal) refers to it, and the cache only finds it for the
 * next one. So what no subscriber uses is released by the next garbage collection, whatever the
 * cache's bound, and an attacker who subscribes with many heavy selectors and leaves takes their
 * memory along. The caches are also bounded in bytes, by an estimate of each compiled selector's
 * retained size ({@link #estimatedBytes}), so that the entries still held never exceed a budget.
 * Invalid templates are not remembered: they are rare and parse fast. The match results have a
 * cache of their own ({@link MatchCache}), bounded in bytes and expiring.
 *
 * <p>What subscribers send is checked against {@link MatchLimits}; token claims are not (their
 * issuer is trusted).
 */
public final class TopicSelectors {
    /**
     * What a compiled selector costs the heap beyond its text and instructions: object headers,
     * fields and the cache's node; a URL Pattern has eight components.
     */
    private static final int TEMPLATE_BYTES = 400;
    private static final int PATTERN_BYTES = 2_500;
    /**
     * Per re2j instruction: the instruction itself, and the matching machines re2j keeps per
     * compiled expression (two thread queues and the threads, sized by the program). Measured
     * between 50 and 100 bytes on selectors at the limits after matching from two threads at once.
     */
    static final int BYTES_PER_INSTRUCTION = 100;

    private final Cache<String, UriTemplate> templates;
    private final Cache<String, UrlPattern> patterns;
    private final MatchCache matchCache;

    /**
     * @param compiledBytes the estimated size the compiled templates and patterns still held by the
     *     caches may take, each kind apart
     * @param matchBytes the estimated size of the remembered match results; 0 turns that cache off
     */
    public TopicSelectors(long compiledBytes, long matchBytes) {
        long bound = Math.max(1, compiledBytes);
        this.templates = Caffeine.newBuilder().maximumWeight(bound)
                .weigher((String text, UriTemplate t) -> estimatedBytes(TEMPLATE_BYTES, text, t.programSize())).weakValues().build();
        this.patterns = Caffeine.newBuilder().maximumWeight(bound)
                .weigher((String key, UrlPattern p) -> estimatedBytes(PATTERN_BYTES, key, p.programSize())).weakValues().build();
        this.matchCache = new MatchCache(matchBytes);
    }

    /** Defaults that suit one hub: 32 MB of compiled selectors of each kind, 16 MB of match results. */
    public static TopicSelectors withDefaults() {
        return new TopicSelectors(32L << 20, 16L << 20);
    }

    /** What a compiled selector costs the heap, estimated from its text and its program size. */
    static int estimatedBytes(int fixed, String text, int programSize) {
        return fixed + 2 * text.length() + BYTES_PER_INSTRUCTION * programSize;
    }

    /**
     * The estimated bytes of the compiled templates and patterns that the caches still hold, after
     * those no one refers to any more were collected (they leave at the first garbage collection
     * that finds them unreachable), and of the remembered match results.
     */
    public long heldBytes() {
        return compiledBytes() + matchCache.weight();
    }

    /** As {@link #heldBytes()}, compiled selectors only. */
    public long compiledBytes() {
        templates.cleanUp();
        patterns.cleanUp();
        return weight(templates) + weight(patterns);
    }

    private static long weight(Cache<?, ?> cache) {
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /**
     * A 1.0 {@code match_urlpattern} selector from a token's claim: {@code *} matches every topic,
     * anything else is compiled as a URL Pattern relative to the hub's URL.
     *
     * @throws UrlPatternException when the pattern is invalid or needs regular expression
     *     features that cannot run in linear time
     */
    public TopicSelector urlPattern(String text, String hubUrl) {
        return urlPattern(text, hubUrl, null);
    }

    /**
     * A 1.0 {@code match_urlpattern} selector from a subscriber, within the limits.
     *
     * @param limits the subscriber limits, or null for none (a token's claim)
     * @throws UrlPatternException when the pattern is invalid or needs regular expression
     *     features that cannot run in linear time
     * @throws MatchLimitException when the pattern is over a limit
     */
    public TopicSelector urlPattern(String text, String hubUrl, MatchLimits limits) {
        if (text.equals("*")) {
            return TopicSelector.Wildcard.INSTANCE;
        }
        int maxGroups = limits == null ? Integer.MAX_VALUE : limits.maxGroups();
        UrlPattern pattern;
        try {
            pattern = patterns.get(text + "\n" + hubUrl, k -> UrlPattern.compile(text, hubUrl, maxGroups));
        } catch (UrlPatternException.TooComplex e) {
            throw MatchLimitException.groups(maxGroups);
        }
        if (limits != null) {
            // Compiled for someone else, perhaps without limits: checked again.
            if (pattern.groupCount() > maxGroups) {
                throw MatchLimitException.groups(maxGroups);
            }
            checkSize(pattern.programSize(), limits);
        }
        return new TopicSelector.UrlPatternSelector(text, pattern, hubUrl, matchCache);
    }

    private static void checkSize(int programSize, MatchLimits limits) {
        if (programSize > limits.maxSelectorSize()) {
            throw MatchLimitException.selectorSize(programSize, limits.maxSelectorSize());
        }
    }

    /** A 1.0 {@code match} selector: byte-for-byte, {@code *} matching every topic. */
    public TopicSelector exact(String text) {
        return text.equals("*") ? TopicSelector.Wildcard.INSTANCE : new TopicSelector.Exact(text);
    }

    /**
     * A 0.x topic selector from a token's claim. A template with more variables than
     * {@link UriTemplate#MAX_VARIABLES} is compared exactly, as any value that is not a template.
     */
    public TopicSelector parse(String text) {
        try {
            return parse(text, null);
        } catch (MatchLimitException e) {
            return new TopicSelector.Exact(text);
        }
    }

    /**
     * A 0.x topic selector from a subscriber, within the limits.
     *
     * @param limits the subscriber limits, or null for none
     * @throws MatchLimitException when the value is a template over a limit
     */
    public TopicSelector parse(String text, MatchLimits limits) {
        if (text.equals("*")) {
            return TopicSelector.Wildcard.INSTANCE;
        }
        if (text.indexOf('{') < 0) {
            return new TopicSelector.Exact(text);
        }
        int maxVariables = limits == null ? UriTemplate.MAX_VARIABLES : limits.maxVariables();
        UriTemplate template = templates.get(text, k -> UriTemplate.parse(k, maxVariables).orElse(null));
        if (template == null) {
            return new TopicSelector.Exact(text);
        }
        if (limits != null) {
            if (template.variables() > maxVariables) {
                throw MatchLimitException.variables(maxVariables);
            }
            checkSize(template.programSize(), limits);
        }
        return new TopicSelector.Template(template, matchCache);
    }
}
