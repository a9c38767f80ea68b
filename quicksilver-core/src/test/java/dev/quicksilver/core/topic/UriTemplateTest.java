package dev.quicksilver.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UriTemplateTest {
    private static final String BOOK = "https%3A%2F%2Fexample.com%2Fbooks%2F1";

    private static UriTemplate template(String text) {
        return UriTemplate.parse(text).orElseThrow(() -> new AssertionError("does not parse: " + text));
    }

    // ---- the template vectors of TopicSelectorsTest, on the template alone -------------------------

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(1, "https://example.com/{foo}/bar", "https://example.com/foo/bar", true),
                Arguments.of(2, "https://example.com/{foo}/bar", "https://example.com/foo/bar/baz", false),
                Arguments.of(3, "https://example.com/{fistname}/{lastname}", "https://example.com/kevin/dunglas", true),
                // #5 and #6 have no '{', so the selector layer compares them exactly; as templates
                // they are pure literals and give the same answer.
                Arguments.of(5, "foo", "foo", true),
                Arguments.of(6, "bar", "foo", false),
                Arguments.of(7, "https://example.com/{x}", "https://other.com/a", false),
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

    @ParameterizedTest(name = "tpl vector #{0}: {1} against {2} -> {3}")
    @MethodSource("vectors")
    void protocolVector(int number, String pattern, String topic, boolean expected) {
        assertThat(template(pattern).matches(topic)).isEqualTo(expected);
    }

    @Test
    @DisplayName("the literal text around the expressions rules topics out before any regex; it never rules out a match")
    void literalEnds() {
        UriTemplate t = template("https://e/t5/{group}/items/{id}.json");
        assertThat(t.mayMatch("https://e/t6/g/items/1.json")).isFalse();
        assertThat(t.mayMatch("https://e/t5/g/items/1.xml")).isFalse();
        assertThat(template("https://e/{x}/e").mayMatch("https://e/e")).as("prefix and suffix may not overlap")
                .isFalse();
        assertThat(t.mayMatch("https://e/t5/g/items/1.json")).isTrue();
        assertThat(t.matches("https://e/t5/g/items/1.json")).isTrue();
        assertThat(t.mayMatch("https://e/t5/g/other/1.json")).as("a candidate: the regex decides").isTrue();
        assertThat(t.matches("https://e/t5/g/other/1.json")).isFalse();
        UriTemplate literal = template("https://e/only");
        assertThat(literal.mayMatch("https://e/only")).isTrue();
        assertThat(literal.mayMatch("https://e/only/more")).isTrue();
        assertThat(literal.matches("https://e/only/more")).isFalse();
        assertThat(template("{a}").mayMatch("")).isTrue();
    }

    @Test
    @DisplayName("tpl vector #4: '*' is only a one-character literal, so the wildcard is the selector layer's")
    void vector4() {
        UriTemplate star = template("*");
        assertThat(star.matches("https://example.com/foo/bar")).isFalse();
        assertThat(star.matches("*")).isTrue();
    }

    @Test
    @DisplayName("tpl vector #8: '{invalid' does not parse, so the selector compares exactly and 'foo' is no match")
    void vector8() {
        assertThat(UriTemplate.parse("{invalid")).isEmpty();
    }

    @Test
    @DisplayName("tpl vector #9: 'https://example.com/hub?topic=faulty{iri' does not parse, so the exact topic matches")
    void vector9() {
        assertThat(UriTemplate.parse("https://example.com/hub?topic=faulty{iri")).isEmpty();
    }

    // ---- parse failures (RFC 6570 syntax; the selector then compares exactly) ----------------------

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unclosed '{' at the end", "https://example.com/{"),
                Arguments.of("unclosed '{' after a name", "https://example.com/{id"),
                Arguments.of("unclosed '{' after an operator", "{+"),
                Arguments.of("unclosed '{' after ','", "{a,"),
                Arguments.of("unclosed '{' after a prefix", "{a:3"),
                Arguments.of("unclosed '{' after explode", "{a*"),
                Arguments.of("nested '{'", "{{a}}"),
                Arguments.of("literal space", "https://example.com/a b/{id}"),
                Arguments.of("literal '\"'", "a\"b{id}"),
                Arguments.of("literal '<'", "a<b{id}"),
                Arguments.of("literal '>'", "a>b{id}"),
                Arguments.of("literal '\\'", "a\\b{id}"),
                Arguments.of("literal '^'", "a^b{id}"),
                Arguments.of("literal '`'", "a`b{id}"),
                Arguments.of("literal '|'", "a|b{id}"),
                Arguments.of("literal '}'", "a}b{id}"),
                Arguments.of("stray '}' after an expression", "{a}}"),
                Arguments.of("literal NUL", "a\u0000{id}"),
                Arguments.of("literal tab", "a\tb{id}"),
                Arguments.of("literal newline", "{id}\n"),
                Arguments.of("literal DEL", "a\u007Fb{id}"),
                Arguments.of("literal C1 control", "a\u0085b{id}"),
                Arguments.of("literal U+FFFD (the library's invalid UTF-8 marker)", "a\uFFFD{id}"),
                Arguments.of("literal noncharacter U+FFFE", "a\uFFFE{id}"),
                Arguments.of("literal lone high surrogate", "a\uD800{id}"),
                Arguments.of("literal lone low surrogate", "a\uDC00{id}"),
                Arguments.of("literal tag character U+E0001", "a\uDB40\uDC01{id}"),
                Arguments.of("'%' at the end", "{id}%"),
                Arguments.of("'%' with one digit", "{id}%2"),
                Arguments.of("'%' with a non-hex digit", "{id}%2G"),
                Arguments.of("'%' in a name with no digits", "{%}"),
                Arguments.of("'%' in a name with a bad digit", "{a%2x}"),
                Arguments.of("operator '='", "{=a}"),
                Arguments.of("operator ','", "{,a}"),
                Arguments.of("operator '!'", "{!a}"),
                Arguments.of("operator '@'", "{@a}"),
                Arguments.of("operator '|'", "{|a}"),
                Arguments.of("empty expression", "{}"),
                Arguments.of("operator without a name", "{?}"),
                Arguments.of("empty name after ','", "{a,}"),
                Arguments.of("two commas", "{a,,b}"),
                Arguments.of("name with '-'", "{a-b}"),
                Arguments.of("name with a space", "{a b}"),
                Arguments.of("name with non-ASCII", "{caf\u00E9}"),
                Arguments.of("name starting with '.'", "{.}"),
                Arguments.of("name starting with '.' after an operator", "{/.a}"),
                Arguments.of("name ending with '.'", "{a.}"),
                Arguments.of("name with '..'", "{a..b}"),
                Arguments.of("prefix 0", "{a:0}"),
                Arguments.of("prefix with a leading 0", "{a:01}"),
                Arguments.of("prefix over 9999", "{a:10000}"),
                Arguments.of("huge prefix", "{a:" + "9".repeat(10_000) + "}"),
                Arguments.of("prefix without digits", "{a:}"),
                Arguments.of("prefix then explode", "{a:3*}"),
                Arguments.of("explode then prefix", "{a*:3}"),
                Arguments.of("double explode", "{a**}"));
    }

    @ParameterizedTest(name = "does not parse: {0}")
    @MethodSource("invalid")
    void parseFailure(String why, String text) {
        assertThat(UriTemplate.parse(text)).isEmpty();
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("no expression", "https://example.com/books/1"),
                Arguments.of("empty template", ""),
                Arguments.of("dotted name", "{a.b.c}"),
                Arguments.of("pct-encoded name", "{a%20b}"),
                Arguments.of("underscore and digits", "{_0,A9}"),
                Arguments.of("prefix 1", "{a:1}"),
                Arguments.of("prefix 9999", "{a:9999}"),
                Arguments.of("prefix then more names", "{a:3,b*,c}"),
                Arguments.of("every literal ASCII character", "!#$&'()*+,-./0123456789:;=?@AZ[]_az~"),
                Arguments.of("non-ASCII literal", "https://example.com/caf\u00E9/{id}"),
                Arguments.of("astral literal", "\uD83D\uDE00/{id}"),
                Arguments.of("private-use literal", "\uE000\uDB80\uDC00{id}"),
                Arguments.of("plane 14 after the tags", "\uDB44\uDC00{id}"));
    }

    @ParameterizedTest(name = "parses: {0}")
    @MethodSource("valid")
    void parses(String why, String text) {
        assertThat(UriTemplate.parse(text)).hasValueSatisfying(t -> assertThat(t.text()).isEqualTo(text));
    }

    @Test
    void nullDoesNotParse() {
        assertThat(UriTemplate.parse(null)).isEmpty();
    }

    // ---- operators: FIRST and SEP -----------------------------------------------------------------

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("simple", "{a,b}", "x,y", true),
                Arguments.of("simple: no reserved characters", "{a,b}", "x/y", false),
                Arguments.of("simple: ',' is part of a value, so no count", "{a,b}", "x,y,z", true),
                Arguments.of("simple: no '='", "{a,b}", "x=1", false),
                Arguments.of("+", "{+a,b}", "x/y,z", true),
                Arguments.of("+: all reserved characters", "{+a}", ":/?#[]@!$&'()*+,;=", true),
                Arguments.of("+: no FIRST", "{+a}", "+x", true),
                Arguments.of("#", "{#a,b}", "#x,y", true),
                Arguments.of("#: FIRST required", "{#a,b}", "x,y", false),
                Arguments.of("#: reserved allowed", "{#a}", "#/x?y", true),
                Arguments.of(".", "{.a,b}", ".x.y", true),
                Arguments.of(".: FIRST required", "{.a,b}", "x.y", false),
                Arguments.of(".: '.' is unreserved, so no count", "{.a,b}", ".x.y.z", true),
                Arguments.of("/", "{/a,b}", "/x/y", true),
                Arguments.of("/: FIRST required", "{/a,b}", "x/y", false),
                Arguments.of("/: at most one SEP per extra variable", "{/a,b}", "/x/y/z", false),
                Arguments.of("/: ',' allowed in a value", "{/a}", "/x,y", true),
                Arguments.of(";", "{;a,b}", ";a=1;b=2", true),
                Arguments.of(";: FIRST required", "{;a,b}", "a=1;b=2", false),
                Arguments.of(";: counted", "{;a,b}", ";a=1;b=2;c=3", false),
                Arguments.of("?", "{?a,b}", "?a=1&b=2", true),
                Arguments.of("?: SEP is '&', not ','", "{?a,b}", "?a=1,b=2", true),
                Arguments.of("?: wrong FIRST", "{?a,b}", "&a=1&b=2", false),
                Arguments.of("?: counted", "{?a,b}", "?a=1&b=2&c=3", false),
                Arguments.of("?: no reserved characters", "{?a}", "?a=/", false),
                Arguments.of("&", "{&a,b}", "&a=1&b=2", true),
                Arguments.of("&: wrong FIRST", "{&a,b}", "?a=1&b=2", false),
                Arguments.of("empty expansion", "x{/a,b}y", "xy", true),
                Arguments.of("FIRST alone", "x{/a,b}y", "x/y", true));
    }

    @ParameterizedTest(name = "operator {0}: {1} against {2} -> {3}")
    @MethodSource("operators")
    void operator(String why, String text, String topic, boolean expected) {
        assertThat(template(text).matches(topic)).isEqualTo(expected);
    }

    @Test
    void regexHasTheLibraryShape() {
        String value = "(?:[A-Za-z0-9\\-._~,=]|%[0-9A-Fa-f]{2})*";
        assertThat(template("x{?a,b}").regex())
                .isEqualTo("\\A\\Qx\\E(?:\\?" + value + "(?:&" + value + "){0,1})?\\z");
    }

    // ---- explode, prefix, names -------------------------------------------------------------------

    @Test
    void explodeMakesTheRepetitionUnbounded() {
        assertThat(template("{/a}").matches("/x/y")).isFalse();
        assertThat(template("{/a*}").matches("/x/y/z/w")).isTrue();
        assertThat(template("{/a,b*}").matches("/1/2/3/4")).isTrue();
        assertThat(template("{/a*,b}").matches("/1/2/3/4")).isTrue();
        assertThat(template("{?a*}").matches("?x=1&y=2&z=3")).isTrue();
    }

    @Test
    void explodeAllowsEqualsLikeTheLibrary() {
        assertThat(template("{a}").matches("x=1")).isFalse();
        assertThat(template("{a*}").matches("x=1,y=2")).isTrue();
        // Only the first variable decides for the first value; any explode decides for the rest.
        assertThat(template("{/a,b*}").matches("/x/y=1")).isTrue();
        assertThat(template("{/a,b*}").matches("/x=1/y")).isFalse();
        assertThat(template("{/a*,b}").matches("/x=1/y=2")).isTrue();
    }

    @Test
    void prefixIsIgnoredWhenMatching() {
        assertThat(template("{a:3}").matches("abcdef")).isTrue();
        assertThat(template("{a:1}/{a}").matches("cat/cat")).isTrue();
        assertThat(template("{/a:2,b:9999}").matches("/long/longer")).isTrue();
        assertThat(template("{/a:2,b}").matches("/x/y/z")).isFalse();
    }

    @Test
    void namedOperatorsDoNotCheckTheName() {
        assertThat(template("{?topic}").matches("?other=x")).isTrue();
        assertThat(template("{;a}").matches(";b=1")).isTrue();
        assertThat(template("{&a}").matches("&=")).isTrue();
        assertThat(template("{?a}").matches("?novalue")).isTrue();
        assertThat(template("{?a}").matches("?")).isTrue();
    }

    @Test
    void apostropheIsAcceptedInLiterals() {
        assertThat(template("it's/{a}").matches("it's/x")).isTrue();
        assertThat(template("{+a}").matches("it's")).isTrue();
        assertThat(template("{a}").matches("it's")).isFalse();
    }

    @Test
    void eachExpressionMayBeEmpty() {
        assertThat(template("{a}").matches("")).isTrue();
        assertThat(template("a{b}{c}d").matches("ad")).isTrue();
        assertThat(template("").matches("")).isTrue();
        assertThat(template("").matches("x")).isFalse();
    }

    // ---- percent-encoding and non-ASCII -----------------------------------------------------------

    @Test
    void percentTripletsInLiteralsAreLiteralAndCaseSensitive() {
        UriTemplate t = template("https://example.com/a%2Fb/{id}");
        assertThat(t.matches("https://example.com/a%2Fb/1")).isTrue();
        assertThat(t.matches("https://example.com/a%2fb/1")).isFalse();
        assertThat(t.matches("https://example.com/a/b/1")).isFalse();
    }

    @Test
    void percentTripletsInValuesAreAnyHexCase() {
        UriTemplate t = template("{id}");
        assertThat(t.matches("%2f%2F%aB")).isTrue();
        assertThat(t.matches("%2")).isFalse();
        assertThat(t.matches("%zz")).isFalse();
        assertThat(t.matches("100%")).isFalse();
    }

    @Test
    void nonAsciiMatchesInLiteralsOnly() {
        UriTemplate cafe = template("https://example.com/caf\u00E9/{id}");
        assertThat(cafe.matches("https://example.com/caf\u00E9/1")).isTrue();
        assertThat(cafe.matches("https://example.com/cafe/1")).isFalse();
        assertThat(cafe.matches("https://example.com/caf%C3%A9/1")).isFalse();

        UriTemplate value = template("https://example.com/{id}");
        assertThat(value.matches("https://example.com/caf\u00E9")).isFalse();
        assertThat(value.matches("https://example.com/caf%C3%A9")).isTrue();
        assertThat(template("{+id}").matches("\u00E9")).isFalse();

        UriTemplate smile = template("\uD83D\uDE00/{id}");
        assertThat(smile.matches("\uD83D\uDE00/x")).isTrue();
        assertThat(smile.matches("\uD83D/x")).isFalse();
        assertThat(template("x/{id}").matches("x/\uD83D\uDE00")).isFalse();
    }

    @Test
    void oddTopicsAreSimplyNoMatch() {
        UriTemplate t = template("a/{+id}");
        assertThat(t.matches("a/\uD800")).isFalse();
        assertThat(t.matches("a/\uDC00x")).isFalse();
        assertThat(t.matches("a/\u0000")).isFalse();
        assertThat(t.matches("a/ ")).isFalse();
    }

    // ---- anchoring --------------------------------------------------------------------------------

    @Test
    void aFinalNewlineIsNotIgnored() {
        assertThat(template("https://example.com/books/{id}").matches("https://example.com/books/1")).isTrue();
        assertThat(template("https://example.com/books/{id}").matches("https://example.com/books/1\n")).isFalse();
        assertThat(template("https://example.com/books/{id}").matches("https://example.com/books/1\r\n")).isFalse();
        assertThat(template("https://example.com/books/1").matches("https://example.com/books/1\n")).isFalse();
        assertThat(template("{+id}").matches("x\n")).isFalse();
        assertThat(template("{id}").matches("\n")).isFalse();
    }

    @Test
    void matchesTheWholeTopicOnly() {
        assertThat(template("{a}").matches("x/y")).isFalse();
        assertThat(template("b/{a}").matches("ab/x")).isFalse();
        assertThat(template("b/{a}").matches("b/x/")).isFalse();
    }

    // ---- hostile input ----------------------------------------------------------------------------

    @Test
    void tooManyVariablesIsNotATemplate() {
        int max = UriTemplate.MAX_VARIABLES;
        assertThat(UriTemplate.parse("{a}".repeat(max))).isPresent();
        assertThat(UriTemplate.parse("{a}".repeat(max + 1))).isEmpty();
        assertThat(UriTemplate.parse("{a}".repeat(10_000))).isEmpty();
        assertThat(UriTemplate.parse("{/" + "a,".repeat(max - 1) + "a}")).hasValueSatisfying(t -> {
            assertThat(t.matches("/x".repeat(max))).isTrue();
            assertThat(t.matches("/x".repeat(max + 1))).isFalse();
        });
        assertThat(UriTemplate.parse("{/" + "a,".repeat(10_000) + "a}")).isEmpty();
    }

    @Test
    void worstCaseAtTheLimitFitsASmallStack() throws InterruptedException {
        int max = UriTemplate.MAX_VARIABLES;
        List<String> worst = List.of("{a}".repeat(max), "{+a}".repeat(max), "{/a}".repeat(max), "{?a*}".repeat(max));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                for (String text : worst) {
                    UriTemplate t = template(text);
                    t.matches("a".repeat(4096));
                    t.matches("/a".repeat(2048) + "\n");
                    t.matches("?a=b".repeat(1024));
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            thread.start();
            thread.join();
        });
        assertThat(failure.get()).isNull();
    }

    @Test
    void unbalancedAndHugeInputsFailFast() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(UriTemplate.parse("{".repeat(100_000))).isEmpty();
            assertThat(UriTemplate.parse("}".repeat(100_000))).isEmpty();
            assertThat(UriTemplate.parse("{a}}".repeat(10_000))).isEmpty();
            assertThat(UriTemplate.parse("{a:" + "9".repeat(100_000))).isEmpty();
            assertThat(UriTemplate.parse("\u0000".repeat(100_000))).isEmpty();
            assertThat(UriTemplate.parse("\uD800".repeat(100_000))).isEmpty();
            assertThat(UriTemplate.parse("x".repeat(20_000) + "{a}")).hasValueSatisfying(
                    t -> assertThat(t.matches("x".repeat(20_000) + "y")).isTrue());
        });
    }

    // ---- seeded fuzz ------------------------------------------------------------------------------

    private static final String[] TEMPLATE_PIECES = {
        "{", "}", "{a}", "{+a}", "{#a,b}", "{/a*}", "{?x,y}", "{;p:3}", "{&q}", "{.d}", ",", ":", ":0", ":9999",
        ":10000", "*", "%", "%2", "%2F", "%zz", "a", "Z", "_", ".", "..", "+", "#", "/", ";", "?", "&", "=", "!",
        "@", "|", "'", " ", "\"", "\\", "^", "`", "<", ">", "~", "-", "\n", "\r", "\t", "\u0000", "\u007F",
        "\u00E9", "\uD83D\uDE00", "\uD800", "\uDC00", "\uFFFD", "\uFFFE", "\uE000", "[", "]", "(", ")", "$", "0", "9"};
    private static final String[] TOPIC_PIECES = {
        "a", "x", "1", "/", ",", ".", "=", "&", "?", ";", "#", "%2F", "%2f", "%", "%z", " ", "\n", "\u00E9",
        "\uD83D\uDE00", "\uD800", "\u0000", "'", "+", ":", "~", "-", "_", "[", "]", "{", "}"};
    private static final String UNRESERVED = "ABCXYZabcxyz0189-._~";

    /** Independent statement of the grammar the library accepts (RFC 6570 plus errata 6937). */
    private static final Pattern GRAMMAR = grammar();

    private static Pattern grammar() {
        StringBuilder ucs = new StringBuilder("\\x{A0}-\\x{D7FF}\\x{E000}-\\x{FDCF}\\x{FDF0}-\\x{FFEF}");
        for (int plane = 1; plane <= 16; plane++) {
            int low = plane == 14 ? 0xE1000 : plane << 16;
            ucs.append(String.format("\\x{%X}-\\x{%X}", low, (plane << 16) | 0xFFFD));
        }
        String pct = "%[0-9A-Fa-f]{2}";
        String literal = "(?:[!#$&-;=?-\\[\\]_a-z~" + ucs + "]|" + pct + ")";
        String varchar = "(?:[A-Za-z0-9_]|" + pct + ")";
        String varspec = varchar + "+(?:\\." + varchar + "+)*(?::[1-9][0-9]{0,3}|\\*)?";
        String expression = "\\{[+#./;?&]?" + varspec + "(?:," + varspec + ")*\\}";
        return Pattern.compile("(?:" + literal + "|" + expression + ")*");
    }

    private static String random(Random random, String[] pieces, int maxPieces) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxPieces + 1); n > 0; n--) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    /** Replaces every expression by FIRST plus an unreserved value, which every expression accepts. */
    private static String witness(String template, Random random) {
        Matcher m = Pattern.compile("\\{([+#./;?&]?)[^}]*\\}").matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String first = m.group(1).equals("+") ? "" : m.group(1);
            StringBuilder value = new StringBuilder(first);
            for (int n = random.nextInt(4); n > 0; n--) {
                value.append(UNRESERVED.charAt(random.nextInt(UNRESERVED.length())));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value.toString()));
        }
        return m.appendTail(b).toString();
    }

    @Test
    void fuzz() {
        Random random = new Random(0x5EED_6570L);
        List<String> parsed = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 4000; i++) {
                String text = random(random, TEMPLATE_PIECES, 12);
                var result = UriTemplate.parse(text);
                assertThat(result.isPresent()).as("parses %s", text).isEqualTo(GRAMMAR.matcher(text).matches());
                for (int j = 0; j < 5; j++) {
                    String topic = random(random, TOPIC_PIECES, 16);
                    result.ifPresent(t -> t.matches(topic));
                }
                if (result.isPresent()) {
                    UriTemplate t = result.get();
                    parsed.add(text);
                    String witness = witness(text, random);
                    assertThat(t.matches(witness)).as("%s matches %s", text, witness).isTrue();
                    assertThat(t.matches(witness + "\n")).isFalse();
                    assertThat(t.matches(witness + " ")).isFalse();
                }
            }
        });
        // The generator must keep producing valid templates, or the witness checks test nothing.
        assertThat(parsed).hasSizeGreaterThan(300);
    }
}
