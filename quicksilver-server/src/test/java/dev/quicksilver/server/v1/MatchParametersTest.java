package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.V1Support.HUB;
import static dev.quicksilver.server.v1.V1Support.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.urlpattern.UrlPattern;
import dev.quicksilver.core.urlpattern.UrlPatternException;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream.Builder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 1.0 subscribe parameters over real sockets (Mercure draft-08 "Subscription" and "Matcher Types";
 * docs/protocol-eras.md for {@code topic}): the
 * matcher names and their reserved prefix, value rules and limits, WHATWG decoding, exact and URL
 * Pattern matching end to end (publish a topic, see whether the subscriber receives it), and the
 * {@code QUERY} method.
 *
 * <p>Non-delivery is never asserted with a timeout: each check publishes a sentinel after the
 * update under test, on a topic only the subscriber under test selects, and looks at what arrived
 * before it (the hub delivers in publish order).
 */
class MatchParametersTest {
    private static final int MAX_BODY = 8192;

    /** 1.0 only, anonymous subscribers allowed (the updates here are public). */
    private static TestHub hub;
    /** 0.x and 1.0 at once. */
    private static TestHub mixed;

    @BeforeAll
    static void start() {
        hub = V1Support.v1Hub(b -> b.anonymous(true).limits(l -> l.maxBodySize(MAX_BODY)));
        mixed = V1Support.mixedHub(b -> b.anonymous(true));
    }

    @AfterAll
    static void stop() {
        hub.close();
        mixed.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Stream subscribe(String query) {
        return V1Support.get(hub, query, null);
    }

    private static int status(TestHub h, String query) {
        try (Stream s = V1Support.get(h, query, null)) {
            return s.status();
        }
    }

    /** Publishes this topic with this id on the hub. */
    private static void publish(TestHub h, String topic, String id) {
        V1Support.publish(h, "topic=" + enc(topic) + "&id=" + enc(id) + "&data=x");
    }

    /**
     * Publishes each topic (ids t0, t1…) and then a sentinel, and returns the indexes of the topics
     * the stream received before the sentinel.
     */
    private static List<Integer> received(TestHub h, Stream stream, String sentinelTopic, String... topics) {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < topics.length; i++) {
            publish(h, topics[i], run + "-t" + i);
        }
        publish(h, sentinelTopic, run + "-sentinel");
        List<Integer> indexes = new ArrayList<>();
        for (String id : stream.idsBefore(run + "-sentinel")) {
            if (id.startsWith(run + "-t")) {
                indexes.add(Integer.parseInt(id.substring(run.length() + 2)));
            }
        }
        return indexes;
    }

    // ------------------------------------------------------------------ names

    @ParameterizedTest(name = "protocol-eras.md: {0} (no matcher) → 400")
    @ValueSource(strings = {HUB, HUB + "?", HUB + "?foo=1", HUB + "?last_event_id=x", HUB + "?matc=a"})
    void noMatcher(String target) {
        try (Stream s = V1Support.get(hub, target, null, Map.of())) {
            assertThat(s.status()).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription: match=a&match=b subscribes to both; topics are compared exactly (other topics "
            + "are not received)")
    void twoMatchers() {
        String a = unique("a");
        String b = unique("b");
        String sentinel = unique("s");
        try (Stream s = subscribe("match=" + enc(a) + "&match=" + enc(b) + "&match=" + enc(sentinel))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(received(hub, s, sentinel, a, unique("c"), b, a + "x")).containsExactly(0, 2);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription: match_exact=a behaves like match=a")
    void matchExact() {
        String a = unique("a");
        String sentinel = unique("s");
        try (Stream exact = subscribe("match_exact=" + enc(a) + "&match_exact=" + enc(sentinel));
                Stream plain = subscribe("match=" + enc(a) + "&match=" + enc(sentinel))) {
            assertThat(exact.status()).isEqualTo(200);
            assertThat(plain.status()).isEqualTo(200);
            String run = UUID.randomUUID().toString();
            publish(hub, a.toUpperCase(), run + "-upper");
            publish(hub, a, run + "-a");
            publish(hub, sentinel, run + "-s");
            assertThat(exact.idsBefore(run + "-s")).containsExactly(run + "-a");
            assertThat(plain.idsBefore(run + "-s")).containsExactly(run + "-a");
        }
    }

    @ParameterizedTest(name = "draft-08 Subscription: {0} (reserved \"match\" prefix, unsupported type) → 400")
    @ValueSource(strings = {"MATCH=a", "Match=a", "mAtCh_exact=a", "match_exactly=a", "matchRegexp=a", "match_regexp=a",
            "match=a&matchbox=1", "match_urlpattern=a&MATCH_URLPATTERN=b", "match=a&match_=b", "match_uri_template=a"})
    void reservedPrefix(String query) {
        try (Stream s = subscribe(query)) {
            assertThat(s.status()).isEqualTo(400);
            assertThat(s.body()).contains("match");
        }
    }

    @Test
    @DisplayName("draft-08 Subscription: an unknown parameter (match=a&foo=1, ma=1, xmatch=1) is ignored → 200 and the "
            + "stream works")
    void unknownIgnored() {
        String a = unique("a");
        String sentinel = unique("s");
        try (Stream s = subscribe("match=" + enc(a) + "&foo=1&ma=1&xmatch=1&topics=z&match=" + enc(sentinel))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Content-Type")).startsWith("text/event-stream");
            assertThat(received(hub, s, sentinel, a)).containsExactly(0);
        }
    }

    // ------------------------------------------------------------------ values

    @ParameterizedTest(name = "draft-08 Subscription: a matcher value containing {0} → 400")
    @ValueSource(strings = {"%00", "%0A", "%0D", "%09", "%7F", "%C2%85", "%C2%9F", "%E2%80%8E", "%E2%80%8B", "%EF%BB%BF",
            "%FF", "%C3", "%ED%A0%80", "%C0%AF"})
    void forbiddenCharacters(String encoded) {
        assertThat(status(hub, "match=a" + encoded + "b")).isEqualTo(400);
        assertThat(status(hub, "match_urlpattern=https%3A%2F%2Fexample.com%2Fa" + encoded + "b")).isEqualTo(400);
        assertThat(status(hub, "match=ok&match_exact=" + encoded)).isEqualTo(400);
        // The same value without the character is fine: the refusal is about the character.
        assertThat(status(hub, "match=ab")).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Subscription: non-ASCII that is neither control nor Cf (é, 日本, emoji) is accepted")
    void cleanUnicode() {
        assertThat(status(hub, "match=caf%C3%A9&match=%E6%97%A5%E6%9C%AC&match=%F0%9F%98%80")).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Subscription: match_urlpattern={unclosed → 400, and the answer does not echo the compiler's "
            + "message")
    void invalidPattern() throws Exception {
        String compilerMessage;
        try {
            UrlPattern.compile("{unclosed", AccessTokens.HUB_URL);
            throw new AssertionError("the pattern compiled");
        } catch (UrlPatternException e) {
            compilerMessage = e.getMessage();
        }
        try (Stream s = subscribe("match_urlpattern=" + enc("{unclosed"))) {
            assertThat(s.status()).isEqualTo(400);
            assertThat(s.body()).doesNotContain(compilerMessage).doesNotContainIgnoringCase("exception")
                    .contains("match_urlpattern");
        }
        // Other invalid patterns: a regexp group that cannot run in linear time, a bad group.
        for (String bad : List.of("https://example.com/:id((?=a)a)", "https://example.com/:id((?<=a)a)",
                "https://example.com/(", "https://example.com/:id(", "https://example.com/:a/:a")) {
            assertThat(status(hub, "match_urlpattern=" + enc(bad))).as(bad).isEqualTo(400);
        }
        // The same text is a fine exact matcher.
        assertThat(status(hub, "match=" + enc("{unclosed"))).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Subscription, configuration.md Limits: 100 matchers → 200, 101 → 400 (default limit 100, "
            + "all types counted together)")
    void matcherCount() {
        StringBuilder hundred = new StringBuilder("match=m0");
        for (int i = 1; i < 100; i++) {
            hundred.append(i % 2 == 0 ? "&match=m" : "&match_urlpattern=%2Fm").append(i);
        }
        assertThat(status(hub, hundred.toString())).isEqualTo(200);
        try (Stream s = subscribe(hundred + "&match_exact=one-more")) {
            assertThat(s.status()).isEqualTo(400);
            assertThat(s.body()).contains("100");
        }
    }

    @Test
    @DisplayName("draft-08 Subscription, configuration.md Limits: a 4096-byte value → 200, a 4097-byte value → 400 "
            + "(default limit, counted in UTF-8 bytes)")
    void valueLength() {
        assertThat(status(hub, "match=" + "a".repeat(4096))).isEqualTo(200);
        assertThat(status(hub, "match=" + "a".repeat(4097))).isEqualTo(400);
        assertThat(status(hub, "match_urlpattern=%2F" + "a".repeat(4096))).isEqualTo(400);
        // 2048 × "é" is 4096 bytes; one more ASCII byte is over.
        assertThat(status(hub, "match=" + "%C3%A9".repeat(2048))).isEqualTo(200);
        assertThat(status(hub, "match=" + "%C3%A9".repeat(2048) + "a")).isEqualTo(400);
    }

    @Test
    @DisplayName("draft-08 Subscription, URL Standard: values are WHATWG form-decoded: + is a space, %XX a byte "
            + "(decoded once)")
    void whatwgDecoding() {
        String id = UUID.randomUUID().toString();
        String sentinel = unique("s");
        String query = "match=" + id + "+a+b&match=" + id + "%2Fc%20d&match=" + id + "%41&match=" + id + "%2Bplus"
                + "&match=" + id + "%C3%A9&match=" + id + "%2525&match=" + enc(sentinel);
        try (Stream s = subscribe(query)) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(received(hub, s, sentinel,
                    id + " a b",       // 0 yes: + is a space
                    id + "+a+b",       // 1 no
                    id + "/c d",       // 2 yes
                    id + "%2Fc%20d",   // 3 no: decoded, and only once
                    id + "A",          // 4 yes
                    id + "+plus",      // 5 yes: %2B is a plus sign
                    id + " plus",      // 6 no
                    id + "\u00e9",    // 7 yes: UTF-8 bytes
                    id + "%25",        // 8 yes: %2525 is decoded once
                    id + "%"))         // 9 no
                    .containsExactly(0, 2, 4, 5, 7, 8);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription, URL Standard: a % not followed by two hex digits stays as it is (WHATWG), "
            + "rather than failing or being dropped")
    void whatwgLoosePercent() {
        // java.net.URI refuses such a query string, so the form is sent as a QUERY body, which the
        // hub parses with the same rules.
        String id = UUID.randomUUID().toString();
        String sentinel = unique("s");
        String body = "match=" + id + "-50%&match=" + id + "-%zz&match=" + id + "-%4&match=" + enc(sentinel);
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded", body, null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(received(hub, s, sentinel, id + "-50%", id + "-%zz", id + "-%4", id + "-50"))
                    .containsExactly(0, 1, 2);
        }
    }

    @Test
    @DisplayName("protocol-eras.md: topic=x on a 1.0-only hub → 400 that points to \"match\"")
    void topicRefused() {
        for (String query : List.of("topic=x", "topic=x&match=y", "match=y&topic=" + enc("https://e/{id}"))) {
            try (Stream s = subscribe(query)) {
                assertThat(s.status()).as(query).isEqualTo(400);
                assertThat(s.body()).contains("\"match\"");
            }
        }
    }

    @Test
    @DisplayName("protocol-eras.md: on a mixed hub topic= is accepted, alone or with match= in the same request (both "
            + "route)")
    void topicOnMixedHub() {
        String t = unique("t");
        String m = unique("m");
        String sentinel = unique("s");
        try (Stream topicOnly = V1Support.get(mixed, "topic=" + enc(t) + "&topic=" + enc(sentinel), null);
                Stream both = V1Support.get(mixed, "topic=" + enc(t) + "&match=" + enc(m) + "&match=" + enc(sentinel),
                        null)) {
            assertThat(topicOnly.status()).isEqualTo(200);
            assertThat(both.status()).isEqualTo(200);
            String run = UUID.randomUUID().toString();
            publish(mixed, t, run + "-t");
            publish(mixed, m, run + "-m");
            publish(mixed, sentinel, run + "-s");
            assertThat(topicOnly.idsBefore(run + "-s")).containsExactly(run + "-t");
            assertThat(both.idsBefore(run + "-s")).containsExactly(run + "-t", run + "-m");
        }
        // The 0.x selector keeps its URI Template meaning; match= stays exact.
        String base = "https://example.com/" + UUID.randomUUID();
        try (Stream s = V1Support.get(mixed, "topic=" + enc(base + "/{id}") + "&match=" + enc(base + "/x/{id}")
                + "&match=" + enc(sentinel), null)) {
            assertThat(received(mixed, s, sentinel, base + "/1", base + "/x/1", base + "/x/{id}")).containsExactly(0, 2);
        }
    }

    // ------------------------------------------------------------------ matching

    @Test
    @DisplayName("draft-08 Exact Matching: exact matching is byte-for-byte (case, templates, percent-encoding, "
            + "Unicode, relative)")
    void exactIsByteForByte() {
        String sentinel = unique("s");
        String nfc = "https://example.com/caf\u00e9";
        String[][] cases = {
            {"foo", "FOO"},                                                         // #22
            {"https://example.com/{foo}/bar", "https://example.com/foo/bar"},       // #23
            {"https://example.com/a%2Fb", "https://example.com/a/b"},
            {"https://example.com/a%2fb", "https://example.com/a%2Fb"},
            {nfc, "https://example.com/cafe\u0301"},
            {"/books/1", "https://hub.example.com/books/1"},
            {"https://Example.com/x", "https://example.com/x"},
            {"https://example.com/x", "https://example.com/x/"},
        };
        for (String[] c : cases) {
            String match = c[0] + "#" + UUID.randomUUID();
            try (Stream s = subscribe("match=" + enc(match) + "&match=" + enc(sentinel))) {
                assertThat(s.status()).isEqualTo(200);
                String other = c[1] + match.substring(c[0].length());
                assertThat(received(hub, s, sentinel, other, match)).as(c[0] + " vs " + c[1]).containsExactly(1);
            }
        }
    }

    @Test
    @DisplayName("draft-08 Matcher Types: * matches every topic, for match= and for match_urlpattern=")
    void wildcard() {
        String[] topics = {"urn:example:" + UUID.randomUUID(), "https://example.com/" + UUID.randomUUID(),
            "/relative/" + UUID.randomUUID(), "a topic with spaces", "*x"};
        for (String query : List.of("match=*", "match_exact=*", "match_urlpattern=*")) {
            try (Stream s = subscribe(query)) {
                assertThat(s.status()).isEqualTo(200);
                List<Integer> got = received(hub, s, unique("sentinel"), topics);
                assertThat(got).as(query).containsExactly(0, 1, 2, 3, 4);
            }
        }
    }

    /**
     * URL Pattern vectors, numbered in this list (the hub's public URL,
     * https://hub.example.com/.well-known/mercure, is the base of relative ones: draft-08 "URL Pattern").
     */
    static java.util.stream.Stream<Arguments> urlPatternVectors() {
        Builder<Arguments> v = java.util.stream.Stream.builder();
        v.add(Arguments.of("#25", "https://example.com/books/:id", "https://example.com/books/123", true));
        v.add(Arguments.of("#26", "https://example.com/books/:id", "https://example.com/authors/123", false));
        v.add(Arguments.of("#27", "https://example.com/*", "https://example.com/a/b/c", true));
        v.add(Arguments.of("#28", "https://example.com/users/:uid/posts/:pid", "https://example.com/users/42", false));
        v.add(Arguments.of("#29", "https://example.com/books/:id", "https://example.com/BOOKS/123", false));
        v.add(Arguments.of("#30", "https://example.com/books/:id", "https://EXAMPLE.com/books/123", true));
        v.add(Arguments.of("#30b", "https://EXAMPLE.com/books/:id", "https://example.com/books/123", true));
        v.add(Arguments.of("#32", "/books/:id", "https://example.com/books/123", false));
        v.add(Arguments.of("#33", "https://example.com/books/:id", "/books/123", false));
        v.add(Arguments.of("#34", "/books/:id", "https://hub.example.com/books/123", true));
        v.add(Arguments.of("#34b", "/books/:id", "/books/123", true));
        v.add(Arguments.of("#34c", "https://hub.example.com/books/:id", "/books/123", true));
        v.add(Arguments.of("#34d", "/books/:id", "https://HUB.example.com/books/123", true));
        v.add(Arguments.of("#34e", "books/:id", "https://hub.example.com/.well-known/books/123", true));
        v.add(Arguments.of("#35", "/books/:id", "https://other.example.com/books/123", false));
        v.add(Arguments.of("#35b", "/books/:id", "http://hub.example.com/books/123", false));
        v.add(Arguments.of("#36", "https://example.com/books/:id", "https://example.com/books/1?x=y#f", true));
        v.add(Arguments.of("#37", "https://example.com/books/:id", "https://example.com/books/1/2", false));
        v.add(Arguments.of("#38", "https://example.com/books/:id", "http://example.com/books/1", false));
        v.add(Arguments.of("#39", "*://example.com/books/:id", "http://example.com/books/1", true));
        v.add(Arguments.of("#40", "https://example.com/feed/:type(news|alerts)", "https://example.com/feed/sports", false));
        v.add(Arguments.of("#40b", "https://example.com/feed/:type(news|alerts)", "https://example.com/feed/news", true));
        v.add(Arguments.of("#41", "https://example.com/items{/:tail}?", "https://example.com/items", true));
        v.add(Arguments.of("#41b", "https://example.com/items{/:tail}?", "https://example.com/items/x", true));
        v.add(Arguments.of("#43", "https://example.com/books/:id", "https://example.com/books/a b", true));
        v.add(Arguments.of("#44", "https://example.com/books/:id", "urn:uuid:123", false));
        String random = UUID.randomUUID().toString();
        v.add(Arguments.of("#45", "https://example.net/foo/:random", "https://example.net/foo/" + random, true));
        v.add(Arguments.of("dot segments", "https://example.com/books/:id", "https://example.com/x/../books/7", true));
        v.add(Arguments.of("default port", "https://example.com/books/:id", "https://example.com:443/books/7", true));
        v.add(Arguments.of("other port", "https://example.com/books/:id", "https://example.com:8443/books/7", false));
        return v.build();
    }

    @ParameterizedTest(name = "draft-08 URL Pattern, vector {0}: match_urlpattern={1}, topic {2} → delivered: {3}")
    @MethodSource("urlPatternVectors")
    void urlPattern(String vector, String pattern, String topic, boolean matches) {
        String sentinel = unique("sentinel");
        try (Stream s = subscribe("match_urlpattern=" + enc(pattern) + "&match=" + enc(sentinel))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(received(hub, s, sentinel, topic)).isEqualTo(matches ? List.of(0) : List.of());
        }
    }

    // ------------------------------------------------------------------ QUERY

    @Test
    @DisplayName("draft-08 Subscription (QUERY): QUERY /.well-known/mercure with a form body subscribes")
    void queryMethod() {
        String a = unique("a");
        String sentinel = unique("s");
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded",
                "match=" + enc(a) + "&match=" + enc(sentinel), null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Content-Type")).startsWith("text/event-stream");
            assertThat(received(hub, s, sentinel, a, unique("b"))).containsExactly(0);
        }
        // Content-Type parameters are fine.
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded; charset=UTF-8",
                "match=" + enc(a) + "&match=" + enc(sentinel), null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (QUERY): QUERY combines the query's and the body's matchers; a QUERY with none "
            + "in either → 400")
    void queryUnion() {
        String a = unique("a");
        String b = unique("b");
        String sentinel = unique("s");
        try (Stream s = V1Support.query(hub, HUB + "?match=" + enc(a), "application/x-www-form-urlencoded",
                "match_urlpattern=" + enc(b) + "&match=" + enc(sentinel), null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(received(hub, s, sentinel, a, b, unique("c"))).containsExactly(0, 1);
        }
        try (Stream s = V1Support.query(hub, HUB + "?foo=1", "application/x-www-form-urlencoded", "bar=2", null, Map.of())) {
            assertThat(s.status()).isEqualTo(400);
        }
        // The body's values obey the same rules as the query's.
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded", "match=ok&MATCH=a", null, Map.of())) {
            assertThat(s.status()).isEqualTo(400);
        }
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded", "match=a%00b", null, Map.of())) {
            assertThat(s.status()).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (QUERY): in a QUERY, last_event_id in the query wins over the body's; the "
            + "Last-Event-ID header beats both")
    void queryCursor() {
        String topic = unique("h");
        String run = UUID.randomUUID().toString();
        for (int i = 1; i <= 4; i++) {
            publish(hub, topic, run + "-" + i);
        }
        String form = "application/x-www-form-urlencoded";
        String body = "match=" + enc(topic) + "&last_event_id=" + run + "-2";
        String sentinel = run + "-live";
        try (Stream queryWins = V1Support.query(hub, HUB + "?last_event_id=" + run + "-1", form, body, null, Map.of());
                Stream bodyOnly = V1Support.query(hub, HUB, form, body, null, Map.of());
                Stream headerWins = V1Support.query(hub, HUB + "?last_event_id=" + run + "-1", form, body, null,
                        Map.of("Last-Event-ID", run + "-3"))) {
            assertThat(queryWins.header("Mercure-Last-Event-ID")).isEqualTo(run + "-1");
            assertThat(bodyOnly.header("Mercure-Last-Event-ID")).isEqualTo(run + "-2");
            assertThat(headerWins.header("Mercure-Last-Event-ID")).isEqualTo(run + "-3");
            publish(hub, topic, sentinel);
            assertThat(queryWins.idsBefore(sentinel)).containsExactly(run + "-2", run + "-3", run + "-4");
            assertThat(bodyOnly.idsBefore(sentinel)).containsExactly(run + "-3", run + "-4");
            assertThat(headerWins.idsBefore(sentinel)).containsExactly(run + "-4");
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (QUERY): a QUERY body over the body limit → 413")
    void queryTooLarge() {
        String body = "match=a&foo=" + "x".repeat(MAX_BODY);
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded", body, null, Map.of())) {
            assertThat(s.status()).isEqualTo(413);
        }
        // Far over: the client must still read the 413 rather than a reset (repeated: it is a race).
        for (int i = 0; i < 5; i++) {
            try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded",
                    body + "x".repeat(MAX_BODY * 40 + i * 7919), null, Map.of())) {
                assertThat(s.status()).isEqualTo(413);
            }
        }
        // Just under the limit is fine.
        String fits = "match=a&foo=";
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded",
                fits + "x".repeat(MAX_BODY - fits.length()), null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "draft-08 Subscription (QUERY): a QUERY with Content-Type {0} → 415")
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data; boundary=x"})
    void queryWrongType(String type) {
        String body = type.equals("application/json") ? "{\"match\":\"a\"}" : "match=a";
        try (Stream s = V1Support.query(hub, HUB + "?match=b", type, body, null, Map.of())) {
            assertThat(s.status()).isEqualTo(415);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (QUERY): a QUERY event stream carries the events like GET's (type, id, data)")
    void queryEvents() {
        String a = unique("a");
        try (Stream s = V1Support.query(hub, HUB, null, "match=" + enc(a), null, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            V1Support.publish(hub, "topic=" + enc(a) + "&id=q1&type=note&data=" + enc("hello\nworld"));
            SseEvent e = s.next();
            assertThat(e).isEqualTo(new SseEvent("note", "q1", "hello\nworld", null));
        }
    }
}
