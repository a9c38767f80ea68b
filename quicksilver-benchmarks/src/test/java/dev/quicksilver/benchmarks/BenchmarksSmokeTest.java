package dev.quicksilver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.topic.MatchLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark method once, directly, without JMH: they measure what they say (a hit
 * matches, a miss does not), and the annotation processor generated the JMH harness.
 */
class BenchmarksSmokeTest {

    @Test
    void everyMatcherBenchmarkHitsAndMissesAsNamed() {
        MatcherBenchmarks b = new MatcherBenchmarks();
        b.setUp();
        assertThat(b.exactHit()).isTrue();
        assertThat(b.exactMiss()).isFalse();
        assertThat(b.wildcard()).isTrue();
        assertThat(b.uriTemplateHit()).isTrue();
        assertThat(b.uriTemplateMiss()).isFalse();
        assertThat(b.uriTemplateHitCached()).isTrue();
        assertThat(b.urlPatternHit()).isTrue();
        assertThat(b.urlPatternMiss()).isFalse();
    }

    @Test
    void theWorstSubscriptionsFillTheirLimitAndMatchEverySelector() {
        WorstSubscriptionBenchmarks b = new WorstSubscriptionBenchmarks();
        b.topicLength = 100;
        b.setUp();
        MatchLimits limits = MatchLimits.DEFAULTS;
        assertThat(b.templates).hasSize(limits.maxSubscriptionVariables() / limits.maxVariables());
        assertThat(b.patterns).hasSize(limits.maxSubscriptionVariables() / limits.maxGroups());
        assertThat(b.publishToTemplates()).isEqualTo(b.templates.size());
        assertThat(b.publishToPatterns()).isEqualTo(b.patterns.size());
        assertThat(b.subscribeTemplates()).isEqualTo(b.templates.size());
        assertThat(b.subscribePatterns()).isEqualTo(b.patterns.size());
    }

    @Test
    void theEncoderBenchmarksEncodeWholeEvents() {
        SseEncoderBenchmarks b = new SseEncoderBenchmarks();
        b.setUp();
        assertThat(new String(b.small(), StandardCharsets.UTF_8)).startsWith("id: urn:uuid:").endsWith("}\n\n");
        String multi = new String(b.multiLine(), StandardCharsets.UTF_8);
        // the fields before the data, 20 data lines, and the empty line after the last line break
        assertThat(multi.split("\ndata: ", -1)).hasSize(22);
        assertThat(multi).doesNotContain("\r");
    }

    @Test
    void theAnnotationProcessorGeneratedTheHarness() throws Exception {
        assertThat(Class.forName("dev.quicksilver.benchmarks.jmh_generated.MatcherBenchmarks_exactHit_jmhTest")).isNotNull();
        assertThat(getClass().getResource("/META-INF/BenchmarkList")).isNotNull();
    }
}
