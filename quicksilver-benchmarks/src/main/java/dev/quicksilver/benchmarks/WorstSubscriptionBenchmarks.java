package dev.quicksilver.benchmarks;

import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.subscriber.SubscribeForm;
import dev.quicksilver.core.topic.MatchLimits;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The worst a single subscription can cost within {@link MatchLimits#DEFAULTS}: as many URI
 * Templates (or URL Patterns) at the per-selector limits as the subscription's size allows, of the
 * costliest shape (variables side by side, each of which may match the empty string, so all of them
 * are alive while the topic is read), all of them matching the topic. Measured per publish (one
 * topic against every selector of the subscription, no match cache), and per subscribe (compiling
 * the whole subscription, no compiled-selector cache). The subscription goes through
 * {@link SubscribeForm}, so it is one the hub accepts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorstSubscriptionBenchmarks {
    private static final String HUB = "https://hub.example/.well-known/mercure";
    private static final SubscribeForm.Limits LIMITS = new SubscribeForm.Limits(100, 4096, 1000, 4096, true);

    /** Characters of the published topic: matching time grows in proportion. */
    @Param({"100", "1000"})
    int topicLength;

    String topic;
    FormData templateForm;
    FormData patternForm;
    List<TopicSelector> templates;
    List<TopicSelector> patterns;

    /** n variables side by side, each of which may match the empty string: all alive at once while matching. */
    static String template(int id, int n) {
        return IntStream.range(0, n).mapToObj(i -> "{t" + id + "v" + i + "}")
                .collect(Collectors.joining("", "https://example.com/", ""));
    }

    /** n optional named groups side by side. */
    static String pattern(int id, int n) {
        return IntStream.range(0, n).mapToObj(i -> ":p" + id + "g" + i + "?")
                .collect(Collectors.joining("", "https://example.com/", ""));
    }

    /** As many selectors as fit in the subscription: one more would be refused. */
    private static FormData worst(SubscribeForm form, String name, IntFunction<String> selector, int max) {
        StringBuilder query = new StringBuilder();
        FormData fits = null;
        for (int i = 0; i < max; i++) {
            query.append(i == 0 ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(selector.apply(i), StandardCharsets.UTF_8));
            FormData candidate = new FormParser(10_000).parseQuery(query.toString());
            try {
                form.read(candidate);
            } catch (RuntimeException e) {
                break;
            }
            fits = candidate;
        }
        return fits;
    }

    @Setup
    public void setUp() {
        topic = "https://example.com/" + "abcdefghij".repeat(Math.max(1, topicLength / 10));
        TopicSelectors selectors = new TopicSelectors(64L << 20, 0);
        SubscribeForm form = new SubscribeForm(selectors, LIMITS, () -> HUB);
        templateForm = worst(form, "topic", i -> template(i, MatchLimits.DEFAULTS.maxVariables()), 1000);
        patternForm = worst(form, "match_urlpattern", i -> pattern(i, MatchLimits.DEFAULTS.maxGroups()), 100);
        templates = form.read(templateForm).stream().map(Matcher::selector).toList();
        patterns = form.read(patternForm).stream().map(Matcher::selector).toList();
    }

    private int matches(List<TopicSelector> selectors) {
        int matched = 0;
        for (TopicSelector s : selectors) {
            if (s.matches(topic)) {
                matched++;
            }
        }
        return matched;
    }

    /** One publish against the worst subscription of URI Templates. */
    @Benchmark
    public int publishToTemplates() {
        return matches(templates);
    }

    /** One publish against the worst subscription of URL Patterns. */
    @Benchmark
    public int publishToPatterns() {
        return matches(patterns);
    }

    /** A form whose compiled-selector caches are new and empty: each subscribe compiles everything. */
    private static SubscribeForm uncached() {
        return new SubscribeForm(new TopicSelectors(1 << 20, 0), LIMITS, () -> HUB);
    }

    /** Compiling the worst subscription of URI Templates (done on the event loop, when it subscribes). */
    @Benchmark
    public int subscribeTemplates() {
        return uncached().read(templateForm).size();
    }

    /** Compiling the worst subscription of URL Patterns. */
    @Benchmark
    public int subscribePatterns() {
        return uncached().read(patternForm).size();
    }
}
