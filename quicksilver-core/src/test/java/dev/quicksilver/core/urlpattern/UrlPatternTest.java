package dev.quicksilver.core.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPatternTest {
    /** the Go hub's base when resource_identifier does not end in /.well-known/mercure */
    private static final String FALLBACK = "http://mercure.invalid";
    private static final String HUB = "https://hub.example.com";

    // ---- Mercure's URL Pattern vectors (draft-08 "URL Pattern"), numbered as in MatchParametersTest --

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(25, "https://example.com/books/:id", "https://example.com/books/123", FALLBACK, true),
                Arguments.of(26, "https://example.com/books/:id", "https://example.com/authors/123", FALLBACK, false),
                Arguments.of(27, "https://example.com/*", "https://example.com/a/b/c", FALLBACK, true),
                Arguments.of(28, "https://example.com/users/:uid/posts/:pid", "https://example.com/users/42", FALLBACK,
                        false),
                Arguments.of(29, "https://example.com/books/:id", "https://example.com/BOOKS/123", FALLBACK, false),
                Arguments.of(30, "https://example.com/books/:id", "https://EXAMPLE.com/books/123", FALLBACK, true),
                Arguments.of(31, "/.well-known/mercure/subscriptions/exact/:match/:subscriber",
                        "/.well-known/mercure/subscriptions/exact/foo/bar", FALLBACK, true),
                Arguments.of(32, "/books/:id", "https://example.com/books/123", FALLBACK, false),
                Arguments.of(33, "https://example.com/books/:id", "/books/123", FALLBACK, false),
                Arguments.of(34, "/books/:id", "https://hub.example.com/books/123", HUB, true),
                Arguments.of(35, "/books/:id", "https://other.example.com/books/123", HUB, false),
                Arguments.of(36, "https://example.com/books/:id", "https://example.com/books/1?x=y#f", FALLBACK, true),
                Arguments.of(37, "https://example.com/books/:id", "https://example.com/books/1/2", FALLBACK, false),
                Arguments.of(38, "https://example.com/books/:id", "http://example.com/books/1", FALLBACK, false),
                Arguments.of(39, "*://example.com/books/:id", "http://example.com/books/1", FALLBACK, true),
                Arguments.of(40, "https://example.com/feed/:type(news|alerts)", "https://example.com/feed/sports",
                        FALLBACK, false),
                Arguments.of(41, "https://example.com/items{/:tail}?", "https://example.com/items", FALLBACK, true),
                Arguments.of(42, "/.well-known/mercure/subscriptions/*", "/.well-known/mercure/subscriptions",
                        FALLBACK, false),
                Arguments.of(43, "https://example.com/books/:id", "https://example.com/books/a b", FALLBACK, true),
                Arguments.of(44, "https://example.com/books/:id", "urn:uuid:123", FALLBACK, false),
                Arguments.of(45, "https://example.net/foo/:random", "https://example.net/foo/8f3c2a1e", FALLBACK, true),
                Arguments.of(45, "https://example.net/foo/:random", "https://example.net/foo/<random>", FALLBACK, true));
    }

    @ParameterizedTest(name = "#{0} {1} vs {2} (base {3}) -> {4}")
    @MethodSource("vectors")
    void protocolVectors(int number, String pattern, String topic, String base, boolean matches) {
        assertThat(UrlPattern.compile(pattern, base).test(topic, base)).isEqualTo(matches);
    }

    @Test
    void vector46UnclosedGroupIsACompileError() {
        assertThatThrownBy(() -> UrlPattern.compile("{unclosed", FALLBACK))
                .isInstanceOf(UrlPatternException.class)
                .hasMessage("invalid URL pattern");
    }

    @Test
    void vector43MatchesThePercentEncodedPath() {
        UrlPatternResult result = UrlPattern.compile("https://example.com/books/:id")
                .exec("https://example.com/books/a b", null).orElseThrow();
        assertThat(result.pathname().groups()).containsEntry("id", "a%20b");
        assertThat(result.inputs()).containsExactly("https://example.com/books/a b");
    }

    // ---- the API ------------------------------------------------------------------------------

    @Test
    void stringPatternsWildcardTheComponentsAfterTheLastOneGiven() {
        UrlPattern p = UrlPattern.compile("https://example.com/books/:id");
        assertThat(p.protocol()).isEqualTo("https");
        assertThat(p.username()).isEqualTo("*");
        assertThat(p.password()).isEqualTo("*");
        assertThat(p.hostname()).isEqualTo("example.com");
        assertThat(p.port()).isEqualTo("");
        assertThat(p.pathname()).isEqualTo("/books/:id");
        assertThat(p.search()).isEqualTo("*");
        assertThat(p.hash()).isEqualTo("*");
        assertThat(p.hasRegExpGroups()).isFalse();
        assertThat(p.test("https://example.com:8443/books/1", null)).isFalse();
    }

    @Test
    void relativePatternsTakeProtocolHostAndPortFromTheBase() {
        UrlPattern p = UrlPattern.compile("/books/:id", "https://hub.example.com:8443/.well-known/mercure");
        assertThat(p.protocol()).isEqualTo("https");
        assertThat(p.hostname()).isEqualTo("hub.example.com");
        assertThat(p.port()).isEqualTo("8443");
        assertThat(p.test("https://hub.example.com:8443/books/1", null)).isTrue();
        assertThat(p.test("/books/1", "https://hub.example.com:8443/")).isTrue();
        assertThatThrownBy(() -> UrlPattern.compile("/books/:id")).isInstanceOf(UrlPatternException.class);
    }

    @Test
    void execReportsGroupsByName() {
        UrlPattern p = UrlPattern.compile("https://:sub.example.com/books/:id(\\d+)/*");
        UrlPatternResult r = p.exec("https://api.example.com/books/42/a/b?q").orElseThrow();
        assertThat(r.hostname().groups()).containsExactly(Map.entry("sub", "api"));
        assertThat(r.pathname().input()).isEqualTo("/books/42/a/b");
        assertThat(r.pathname().groups()).containsExactly(Map.entry("id", "42"), Map.entry("0", "a/b"));
        assertThat(r.search().groups()).containsExactly(Map.entry("0", "q"));
        assertThat(p.hasRegExpGroups()).isTrue();
        assertThat(p.exec("https://api.example.com/books/x/a")).isEmpty();
        Map<String, String> optional = UrlPattern.compile("https://e.com/a/:b?").exec("https://e.com/a")
                .orElseThrow().pathname().groups();
        assertThat(optional).containsKey("b");
        assertThat(optional.get("b")).isNull();
    }

    @Test
    void dictionaryPatterns() {
        UrlPatternInit init = UrlPatternInit.builder().pathname("/books/:id").build();
        assertThat(UrlPattern.compile(init).test("foo://any/books/1", null)).isTrue();
        // an integrator's base fills in what the dictionary leaves out
        UrlPattern based = UrlPattern.compile(init, HUB);
        assertThat(based.hostname()).isEqualTo("hub.example.com");
        assertThat(based.test("https://hub.example.com/books/1", null)).isTrue();
        assertThat(based.test(UrlPatternInit.builder().pathname("/books/1").baseUrl(HUB).build())).isTrue();
        // ...but the standard's constructor (create) rejects a dictionary plus a base
        assertThatThrownBy(() -> UrlPattern.create(init, HUB, false)).isInstanceOf(UrlPatternException.class);
    }

    @Test
    void ignoreCaseAppliesToPathSearchAndHash() {
        UrlPattern p = UrlPattern.compile("https://example.com/books/:id/?q=A#x", null, true);
        assertThat(p.test("https://EXAMPLE.com/BOOKS/1/?q=a#X", null)).isTrue();
        assertThat(UrlPattern.compile("https://example.com/books/:id").test("https://example.com/BOOKS/1", null))
                .isFalse();
    }

    @Test
    void inputsThatDoNotParseDoNotMatch() {
        UrlPattern p = UrlPattern.compile("*://*");
        assertThat(p.test("https://exa mple.com/", null)).isFalse();
        assertThat(p.test("relative", null)).isFalse();
        assertThat(p.test("/x", "not a base")).isFalse();
        assertThat(p.test("/x", HUB)).isTrue();
    }

    // ---- custom regular expressions on re2j ------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/:id((?=a)a)", "/:id((?!a)b)", "/:id((?<=a)b)", "/:id((?<!a)b)", // lookaround
        "/:id((a)\\1)", "/:id((?<n>a)\\k<n>)", // backreferences
        "/:id(\\m)", "/:id(a{)", "/:id(a})", "/:id(])", "/:id([a-])", "/:id([/])", // u/v syntax errors
        "/:id(a**)", "/:id(^*)", "/:id(a{2,1})", "/:id([z-a])", "/:id([a-z&&b])", "/:id(\\p{Foo})",
        "/:id((?m:a))", "/:id([\\q{abc}])", "/:id(a{1001})", "/:id(((a{100}){100}){100})",
        "/:a((?<x>a))/:b((?<x>b))", // duplicate group names
    })
    void unsupportedOrInvalidRegexpsAreCompileErrors(String pathname) {
        assertThatThrownBy(() -> UrlPattern.compile("https://e.com" + pathname))
                .isInstanceOf(UrlPatternException.class)
                .hasMessage("invalid URL pattern");
    }

    @Test
    void regexpsKeepTheirEcmaScriptMeaning() {
        assertMatches("/:id(\\d+)", "/123", true);
        assertMatches("/:id(\\d+)", "/12a", false);
        assertMatches("/:id(\\s)", "/%20", false); // the path is percent-encoded first
        assertMatches("/:id(.+)", "/a%0Ab", true);
        assertMatches("/:id([\\w\\-]+)", "/a_b-c", true); // v flag: "-" must be escaped in a class
        assertMatches("/:id([[a-z]--[aeiou]]+)", "/bcd", true);
        assertMatches("/:id([[a-z]--[aeiou]]+)", "/bad", false);
        assertMatches("/:id([\\d&&[0-4]])", "/3", true);
        assertMatches("/:id([\\d&&[0-4]])", "/5", false);
        assertMatches("/:id(\\p{Lu}+)", "/ABC", true);
        assertMatches("/:id(\\p{Lu}+)", "/AbC", false);
        assertMatches("/:id((?i:ab)c)", "/ABc", true);
        assertMatches("/:id((?i:ab)c)", "/ABC", false);
        assertMatches("/:id(\\u0041\\x42\\u{43})", "/ABC", true);
        assertMatches("/:id([^])", "/x", true);
        assertMatches("/:id(a|b)", "/b", true);
        assertMatches("/:id(a{2,3})", "/aaa", true);
        assertMatches("/:id(a{2,3})", "/aaaa", false);
        assertMatches("/(foo|bar)/:rest(.*)", "/bar/x/y", true);
        // inner groups must start with "(?" (the tokenizer's rule), and never add to the groups
        assertThatThrownBy(() -> UrlPattern.compile("https://e.com/:a((x))")).isInstanceOf(UrlPatternException.class);
        UrlPatternResult r = UrlPattern.compile("https://e.com/:a((?:x)(?<g>y))/:b(z)").exec("https://e.com/xy/z")
                .orElseThrow();
        assertThat(r.pathname().groups()).containsExactly(Map.entry("a", "xy"), Map.entry("b", "z"));
    }

    private static void assertMatches(String pathname, String path, boolean expected) {
        assertThat(UrlPattern.compile("https://e.com" + pathname).test("https://e.com" + path, null))
                .as("%s vs %s", pathname, path).isEqualTo(expected);
    }

    // ---- fuzz ---------------------------------------------------------------------------------

    private static final String[] NASTY = {"a", "Z", "0", "9", "_", "$", ":", ":id", "*", "?", "+", "(", ")", "{",
        "}", "[", "]", "\\", "/", ".", "#", "@", "%", "%2e", "^", "|", "-", "&&", "--", "!", "=", ",", " ", "\t",
        "\n", "\u0000", "é", "\uD83D\uDEB2", "\uD800", "\u200D", "ß", "(?", "(?:", "(?<n>", "(?=", "(?i:", "\\d",
        "\\p{L}", "\\u{1F600}", "\\k<n>", "\\1", "{1000}", "{2,}", "[^", "[a-z", "\\q{", "https://", "//", "::",
        "xn--", "0x7f", "[::1]", "localhost", "..", "?q=", "#h", "\\/"};

    /** random patterns and inputs: only UrlPatternException may come out, and nothing hangs */
    @Test
    void fuzzedPatternsAndInputsFailOnlyWithUrlPatternException() {
        Random random = new Random(0x5EEDL);
        Map<String, Integer> outcomes = new HashMap<>();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 6_000; i++) {
                String text = randomString(random, 24);
                String base = random.nextInt(3) == 0 ? null : HUB;
                UrlPattern pattern;
                try {
                    pattern = random.nextInt(4) == 0
                            ? UrlPattern.compile(randomInit(random), random.nextBoolean())
                            : UrlPattern.compile(text, base, random.nextInt(5) == 0);
                } catch (UrlPatternException e) {
                    outcomes.merge("rejected", 1, Integer::sum);
                    continue;
                }
                outcomes.merge("compiled", 1, Integer::sum);
                for (int j = 0; j < 4; j++) {
                    String input = (random.nextBoolean() ? "https://hub.example.com/" : "") + randomString(random, 16);
                    pattern.test(input, random.nextBoolean() ? null : HUB);
                    pattern.exec(input, HUB);
                    pattern.test(randomInit(random));
                }
            }
        });
        // the alphabet must exercise both outcomes, or the test proves little
        assertThat(outcomes.get("compiled")).isGreaterThan(500);
        assertThat(outcomes.get("rejected")).isGreaterThan(500);
    }

    @Test
    void hostileSizesAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> UrlPattern.compile("https://e.com/" + "(a?)".repeat(300)))
                    .isInstanceOf(UrlPatternException.class); // more parts than PatternParser.MAX_PARTS
            assertThatThrownBy(() -> UrlPattern.compile("https://e.com/:x(" + "(?:".repeat(40) + "a"
                    + ")".repeat(40) + ")")).isInstanceOf(UrlPatternException.class);
            assertThatThrownBy(() -> UrlPattern.compile("https://e.com/:x(" + "[a]".repeat(5000) + ")"))
                    .isInstanceOf(UrlPatternException.class);
            UrlPattern many = UrlPattern.compile("https://e.com/" + "(a)?".repeat(200));
            assertThat(many.test("https://e.com/" + "a".repeat(10_000), null)).isFalse();
            assertThat(many.test("https://e.com/" + "a".repeat(150), null)).isTrue();
        });
    }

    private static UrlPatternInit randomInit(Random random) {
        UrlPatternInit.Builder b = UrlPatternInit.builder();
        for (Field f : Field.values()) {
            if (random.nextInt(3) == 0) {
                b.set(f, f == Field.BASE_URL && random.nextBoolean() ? HUB : randomString(random, 8));
            }
        }
        return b.build();
    }

    private static String randomString(Random random, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(maxPieces);
        for (int i = 0; i < n; i++) {
            s.append(NASTY[random.nextInt(NASTY.length)]);
        }
        return s.toString();
    }
}
