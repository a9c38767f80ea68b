package dev.quicksilver.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TopicSelectors: compiled selectors bounded in bytes and released with their last subscriber")
class CompiledSelectorsTest {
    private static final String HUB = "https://hub.example/.well-known/mercure";

    private static String template(int i) {
        return "https://example.com/" + i + "/{a}{b}{c}{d}{e}{f}{g}{h}";
    }

    private static String pattern(int i) {
        return "https://example.com/" + i + "/:a?:b?:c?:d?:e?:f?:g?:h?";
    }

    /** Collects until the weakly held selectors are gone; bounded in tries. */
    private static long afterCollection(TopicSelectors selectors) throws InterruptedException {
        long held = selectors.compiledBytes();
        for (int i = 0; i < 50 && held > 0; i++) {
            System.gc();
            Thread.sleep(20);
            held = selectors.compiledBytes();
        }
        return held;
    }

    @Test
    @DisplayName("the same text while it is held gives the same compiled selector; none held, the cache weighs nothing")
    void releasedWhenNoOneHoldsThem() throws InterruptedException {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        List<TopicSelector> held = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            held.add(selectors.parse(template(i), MatchLimits.DEFAULTS));
            held.add(selectors.urlPattern(pattern(i), HUB, MatchLimits.DEFAULTS));
        }
        assertThat(held.get(0).matches("https://example.com/0/x")).isTrue();
        assertThat(held.get(1).matches("https://example.com/0/x")).isTrue();
        long weight = selectors.compiledBytes();
        assertThat(weight).isGreaterThan(200L * 2 * TopicSelectors.BYTES_PER_INSTRUCTION);
        held.clear();
        assertThat(afterCollection(selectors)).isZero();
    }

    @Test
    @DisplayName("the cache never holds more than its byte bound, however many distinct selectors")
    void boundedInBytes() {
        long bound = 100_000;
        TopicSelectors selectors = new TopicSelectors(bound, 0);
        List<TopicSelector> held = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            held.add(selectors.parse(template(i), MatchLimits.DEFAULTS));
            held.add(selectors.urlPattern(pattern(i), HUB, MatchLimits.DEFAULTS));
        }
        assertThat(selectors.compiledBytes()).isLessThanOrEqualTo(2 * bound);
        // Evicted or not, every selector still works.
        assertThat(held).allSatisfy(s -> assertThat(s.matches("https://example.com/x")).isFalse());
        assertThat(held.get(998).matches("https://example.com/499/x")).isTrue();
    }

    @Test
    @DisplayName("match results are bounded in bytes, whatever the length of selectors and topics")
    void matchResultsBoundedInBytes() {
        MatchCache cache = new MatchCache(50_000);
        UriTemplate t = UriTemplate.parse("https://example.com/{+rest}").orElseThrow();
        for (int i = 0; i < 2_000; i++) {
            assertThat(cache.matches(t, "https://example.com/" + "x".repeat(500) + i)).isTrue();
        }
        assertThat(cache.weight()).isPositive().isLessThanOrEqualTo(50_000);
    }
}
