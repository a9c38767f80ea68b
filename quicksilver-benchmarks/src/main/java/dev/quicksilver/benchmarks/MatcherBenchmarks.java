package dev.quicksilver.benchmarks;

import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.topic.UriTemplate;
import dev.quicksilver.core.urlpattern.UrlPattern;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one subscription costs a publish: one topic against one selector. Exact and {@code *}
 * selectors come from {@link TopicSelectors}; URI Templates and URL Patterns are measured on the
 * compiled matcher itself ({@link UriTemplate}, {@link UrlPattern}), so that no cache answers,
 * and once through the selector with the hub's match cache, which answers a topic seen before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatcherBenchmarks {
    static final String TOPIC = "https://example.com/books/1234/reviews/5678";
    static final String OTHER = "https://example.com/authors/1234/reviews/5678";

    TopicSelector exact;
    TopicSelector wildcard;
    TopicSelector templateSelector;
    UriTemplate template;
    UrlPattern urlPattern;
    /**
     * Copies, not the selector's own string (equals would answer at the identity check), and not
     * final, so that the JIT cannot fold them.
     */
    String topic = new String(TOPIC.toCharArray());
    String other = new String(OTHER.toCharArray());

    @Setup
    public void setUp() {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        exact = selectors.exact(TOPIC);
        wildcard = selectors.parse("*");
        templateSelector = selectors.parse("https://example.com/books/{book}/reviews/{review}");
        template = UriTemplate.parse("https://example.com/books/{book}/reviews/{review}").orElseThrow();
        urlPattern = UrlPattern.compile("https://example.com/books/:book/reviews/:review");
    }

    @Benchmark
    public boolean exactHit() {
        return exact.matches(topic);
    }

    @Benchmark
    public boolean exactMiss() {
        return exact.matches(other);
    }

    @Benchmark
    public boolean wildcard() {
        return wildcard.matches(topic);
    }

    @Benchmark
    public boolean uriTemplateHit() {
        return template.matches(topic);
    }

    @Benchmark
    public boolean uriTemplateMiss() {
        return template.matches(other);
    }

    /** Through the selector: after the first call, the match cache answers. */
    @Benchmark
    public boolean uriTemplateHitCached() {
        return templateSelector.matches(topic);
    }

    @Benchmark
    public boolean urlPatternHit() {
        return urlPattern.test(topic);
    }

    @Benchmark
    public boolean urlPatternMiss() {
        return urlPattern.test(other);
    }
}
