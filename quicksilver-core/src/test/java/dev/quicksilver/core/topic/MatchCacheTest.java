package dev.quicksilver.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bounded cache of match results (docs/architecture.md "How an update travels") is an
 * optimisation only: with or without it the answers are the same.
 */
@DisplayName("MatchCache: an optimisation only")
class MatchCacheTest {
    private static UriTemplate template(String text) {
        return UriTemplate.parse(text).orElseThrow();
    }

    @Test
    void sameAnswersWithAndWithoutCache() {
        MatchCache on = new MatchCache(2);
        MatchCache off = new MatchCache(0);
        String[] templates = {"https://e/{a}", "https://e/{+a}", "https://e/x{?q}"};
        String[] topics = {"https://e/1", "https://e/1/2", "https://e/x?q=1", "https://e/x?q=/", ""};
        for (int round = 0; round < 3; round++) {
            for (String t : templates) {
                for (String topic : topics) {
                    boolean expected = template(t).matches(topic);
                    assertThat(on.matches(template(t), topic)).as("%s %s", t, topic).isEqualTo(expected);
                    assertThat(off.matches(template(t), topic)).as("%s %s", t, topic).isEqualTo(expected);
                }
            }
        }
        assertThat(on.matches(template("https://e/{a}"), "https://e/1")).isTrue();
        assertThat(on.matches(template("https://e/{a}"), "https://e/1/2")).isFalse();
    }

    @Test
    @DisplayName("the key is (template text, topic): two templates never share an entry")
    void keyedByTemplateAndTopic() {
        MatchCache cache = new MatchCache(100);
        assertThat(cache.matches(template("{+a}"), "x/y")).isTrue();
        assertThat(cache.matches(template("{a}"), "x/y")).isFalse();
        assertThat(cache.matches(template("{+a}"), "x/y")).isTrue();
    }
}
