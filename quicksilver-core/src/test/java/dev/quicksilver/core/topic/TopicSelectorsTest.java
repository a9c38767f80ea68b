package dev.quicksilver.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 0.x selector layer (Mercure draft-07 "Topic Selectors"): {@code *} first, then exact equality,
 * then the URI Template (RFC 6570) when the value contains '{' and parses; an invalid template is
 * compared exactly. The numbered vectors are the answers of the 0.x reference hub's matcher.
 */
@DisplayName("TopicSelectors: 0.x topic selectors (draft-07 Topic Selectors, template vectors #1-#21)")
class TopicSelectorsTest {
    private static final String BOOK = "https%3A%2F%2Fexample.com%2Fbooks%2F1";

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(1, "https://example.com/{foo}/bar", "https://example.com/foo/bar", true),
                Arguments.of(2, "https://example.com/{foo}/bar", "https://example.com/foo/bar/baz", false),
                Arguments.of(3, "https://example.com/{fistname}/{lastname}", "https://example.com/kevin/dunglas", true),
                Arguments.of(4, "*", "https://example.com/foo/bar", true),
                Arguments.of(5, "foo", "foo", true),
                Arguments.of(6, "bar", "foo", false),
                Arguments.of(7, "https://example.com/{x}", "https://other.com/a", false),
                Arguments.of(8, "{invalid", "foo", false),
                Arguments.of(9, "https://example.com/hub?topic=faulty{iri", "https://example.com/hub?topic=faulty{iri", true),
                Arguments.of(10, "https://example.com/books/{id}", "https://example.com/books/1", true),
                Arguments.of(11, "https://example.com/users/foo/{?topic}",
                        "https://example.com/users/foo/?topic=" + BOOK, true),
                Arguments.of(12, "https://example.com/users/foo/{?topic}",
                        "https://example.com/users/bar/?topic=" + BOOK, false),
                Arguments.of(13, "https://example.com/foo{?bar}", "https://example.com/foobaz", false),
                Arguments.of(14, "https://example.com/books/{id}", "https://example.com/books/", true),
                Arguments.of(15, "https://example.com/books/{id}", "https://example.com/books/1,2", true),
                Arguments.of(16, "https://example.com/books/{id}", "https://example.com/books/a b", false),
                Arguments.of(17, "https://example.com/books/{+id}", "https://example.com/books/1/2", true),
                Arguments.of(18, "https://example.com/users/foo/{?topic}", "https://example.com/users/foo/?other=x", true),
                Arguments.of(19, "https://example.com/users/foo/{?topic}",
                        "https://example.com/users/foo/?topic=https://example.com/books/1", false),
                Arguments.of(20, "https://example.com/books/{id}", "https://EXAMPLE.com/books/1", false),
                Arguments.of(21, "/.well-known/mercure/subscriptions/{topic}/{subscriber}",
                        "/.well-known/mercure/subscriptions/exact/" + BOOK
                                + "/urn%3Auuid%3A5e94c686-2c0b-4f9b-958c-92ccc3bbb4eb",
                        false));
    }

    @ParameterizedTest(name = "template vector #{0}: {1} against {2} -> {3} (match cache on)")
    @MethodSource("vectors")
    void vectorWithCache(int number, String selector, String topic, boolean expected) {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        assertThat(selectors.parse(selector).matches(topic)).isEqualTo(expected);
        // A second call is served from the cache and must agree.
        assertThat(selectors.parse(selector).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "template vector #{0}: {1} against {2} -> {3} (match cache off)")
    @MethodSource("vectors")
    void vectorWithoutCache(int number, String selector, String topic, boolean expected) {
        TopicSelectors selectors = new TopicSelectors(1, 0);
        assertThat(selectors.parse(selector).matches(topic)).isEqualTo(expected);
        assertThat(selectors.parse(selector).matches(topic)).isEqualTo(expected);
    }

    @Test
    @DisplayName("draft-07 Topic Selectors, vector #4: '*' is the wildcard selector and matches every topic, even the "
            + "empty one")
    void wildcard() {
        TopicSelector star = TopicSelectors.withDefaults().parse("*");
        assertThat(star).isSameAs(TopicSelector.Wildcard.INSTANCE);
        assertThat(star.text()).isEqualTo("*");
        assertThat(star.matches("")).isTrue();
        assertThat(star.matches("urn:x")).isTrue();
    }

    @Test
    @DisplayName("'**' or ' *' are not the wildcard: compared exactly")
    void onlyAStarAloneIsTheWildcard() {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        assertThat(selectors.parse("**")).isInstanceOf(TopicSelector.Exact.class);
        assertThat(selectors.parse("**").matches("foo")).isFalse();
        assertThat(selectors.parse(" *").matches("foo")).isFalse();
    }

    @Test
    @DisplayName("a value with no '{' is exact, a value with a valid template is a template")
    void kinds() {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        assertThat(selectors.parse("https://example.com/books/1")).isInstanceOf(TopicSelector.Exact.class);
        assertThat(selectors.parse("https://example.com/books/{id}")).isInstanceOf(TopicSelector.Template.class);
        assertThat(selectors.parse("{invalid")).isInstanceOf(TopicSelector.Exact.class);
        assertThat(selectors.parse("https://example.com/{id}").text()).isEqualTo("https://example.com/{id}");
    }

    @Test
    @DisplayName("draft-07 Topic Selectors, vector #8: an invalid template is exact, so it matches its own text only")
    void invalidTemplateIsExact() {
        TopicSelector s = TopicSelectors.withDefaults().parse("{invalid");
        assertThat(s.matches("{invalid")).isTrue();
        assertThat(s.matches("foo")).isFalse();
        assertThat(s.matches("")).isFalse();
    }

    @Test
    @DisplayName("draft-07 Topic Selectors: exact is tried before the template, so a template selector matches its own "
            + "literal text")
    void exactBeforeTemplate() {
        TopicSelector s = TopicSelectors.withDefaults().parse("https://example.com/{id}");
        assertThat(s.matches("https://example.com/{id}")).isTrue();
        // '{' is not a template value character: only the exact step can give this match.
        assertThat(s.matches("https://example.com/{other}")).isFalse();
    }

    @Test
    @DisplayName("draft-07 Topic Selectors: exact means byte for byte: no case, percent or Unicode normalization")
    void exactIsByteForByte() {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        assertThat(selectors.parse("foo").matches("FOO")).isFalse();
        assertThat(selectors.parse("https://e/a%2Fb").matches("https://e/a%2fb")).isFalse();
        assertThat(selectors.parse("caf\u00e9").matches("cafe\u0301")).isFalse();
    }

    @Test
    @DisplayName("templates parsed by two calls are equal (text equality) and share their answers")
    void templatesAreShared() {
        TopicSelectors selectors = TopicSelectors.withDefaults();
        TopicSelector a = selectors.parse("https://example.com/books/{id}");
        TopicSelector b = selectors.parse("https://example.com/books/{id}");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(selectors.parse("https://example.com/books/{+id}"));
        assertThat(a.toString()).contains("https://example.com/books/{id}");
    }

    @Test
    @DisplayName("a tiny compiled-template cache (evictions) still gives the right answers")
    void tinyCaches() {
        TopicSelectors selectors = new TopicSelectors(1, 1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                TopicSelector s = selectors.parse("https://example.com/" + i + "/{id}");
                assertThat(s.matches("https://example.com/" + i + "/x")).isTrue();
                assertThat(s.matches("https://example.com/" + (i + 1) + "/x")).isFalse();
            }
        }
    }
}
