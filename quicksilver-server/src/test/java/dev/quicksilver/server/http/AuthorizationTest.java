package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import dev.quicksilver.server.support.Topology;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may publish and subscribe, over real sockets: token transport (header, cookie, query), token
 * validation, CSRF, publish grants, private updates, and the seed era's targets
 * (Mercure draft-07 "Authorization" and draft-04's for the eras' grants; draft-08 "Presenting the
 * Access Token", "Error Responses" and "Security Considerations" for transport, answers and CSRF;
 * docs/configuration.md "Where the token is read"; docs/protocol-eras.md for what never mixes).
 *
 * <p>"Not dispatched" and "not delivered" are shown without waiting for silence: a marker update
 * published afterwards must be the next event the subscriber sees.
 *
 * <p>Each test runs on one node and again across two (docs/cluster.md "Tests"): tokens are checked
 * by the node they are presented to, and private and targeted updates published on one node reach
 * only the right subscribers on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class AuthorizationTest {
    private static final String SECRET = TestHub.SECRET;
    private static final String APP = "https://app.example.com";
    private static final String FORM_OK = "topic=" + TestHub.encode("https://example.com/auth") + "&data=hello";

    @Parameter
    private Topology topology;
    private static Nodes hubNodes;
    private static Nodes anonNodes;
    /** Anonymous off, a cookie-publishing allowlist: where the tests publish (node A). */
    private static TestHub hub;
    /** The same hub, where the tests subscribe: node B, or A itself on one node. */
    private static TestHub hubStreams;
    /** Anonymous on: where the tests publish (node A). */
    private static TestHub anon;
    /** The same hub, where the tests subscribe. */
    private static TestHub anonStreams;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        hubNodes = Nodes.start(where,
                b -> b.threads(2).auth(a -> a.publishOrigins(List.of(APP, "https://*.example.org"))));
        anonNodes = Nodes.start(where, b -> b.threads(2).anonymous(true));
        hub = hubNodes.publisher();
        hubStreams = hubNodes.subscriber();
        anon = anonNodes.publisher();
        anonStreams = anonNodes.subscriber();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        hubNodes.close();
        anonNodes.close();
    }

    private static String token(String publish, String subscribe) {
        return Tokens.mercure(SECRET, publish, subscribe);
    }

    private static HttpResponse<String> publish(TestHub h, Map<String, String> headers, String form) {
        return h.post("/.well-known/mercure", null, form, headers);
    }

    private static HttpResponse<String> publishWith(TestHub h, String token, String form) {
        return h.post(token, form);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> cookie(String name, String token) {
        return Map.of("Cookie", name + "=" + token);
    }

    private static Map<String, String> with(Map<String, String> a, String name, String value) {
        Map<String, String> m = new HashMap<>(a);
        m.put(name, value);
        return m;
    }

    private static String challenge(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }

    private static String challenge(SseClient c) {
        return c.headers().firstValue("WWW-Authenticate").orElse("");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A public marker, published with a full-access token; returns its data. */
    private static String marker(TestHub h, String topic) {
        String data = "marker-" + System.nanoTime();
        assertThat(h.publish(data, topic).statusCode()).isEqualTo(200);
        return data;
    }

    /** The next event's data, failing when none arrives. */
    private static String nextData(SseClient client) {
        SseEvent e = client.next();
        assertThat(e).as("an event").isNotNull();
        return e.data();
    }

    // ---------------------------------------------------------------- token presence and validity

    @Test
    @DisplayName("no token on publish → 401 with a bare Bearer challenge (no error code)")
    void publishWithoutToken() {
        HttpResponse<String> r = publish(hub, Map.of(), FORM_OK);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).startsWith("Bearer").doesNotContain("error=");
        assertThat(r.body()).isNotBlank();
    }

    @Test
    @DisplayName("draft-08 Error Responses: subscribe without a token, anonymous off → 401 with a bare Bearer challenge")
    void subscribeWithoutTokenNotAnonymous() {
        try (SseClient c = hubStreams.subscribe("https://example.com/auth")) {
            assertThat(c.status()).isEqualTo(401);
            assertThat(challenge(c)).startsWith("Bearer").doesNotContain("error=");
        }
    }

    @Test
    @DisplayName("draft-08 Error Responses: the same subscription is accepted with a token (anonymous off)")
    void subscribeWithTokenNotAnonymous() {
        try (SseClient c = hubStreams.subscribeWithToken(token(null, "[]"), "https://example.com/auth")) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    static Stream<Arguments> badTokens() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]}}";
        String claimsBody = claims.substring(1, claims.length() - 1);
        return Stream.of(
                Arguments.of("forged signature", Tokens.forged(claims)),
                Arguments.of("expired", Tokens.hs256(SECRET, "{\"exp\":" + (now - 60) + "," + claimsBody + "}")),
                Arguments.of("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + "."),
                Arguments.of("not yet valid (nbf)", Tokens.hs256(SECRET, "{\"nbf\":" + (now + 3600) + "," + claimsBody + "}")),
                Arguments.of("wrong algorithm (HS512 for an HS256 key)",
                        Tokens.sign(JWSAlgorithm.HS512, SECRET, claims)),
                Arguments.of("not a JWT (a.b.c)", "a.b.c"),
                Arguments.of("mercure claim not an object", Tokens.hs256(SECRET, "{\"mercure\":\"*\"}")),
                Arguments.of("mercure.subscribe not strings", Tokens.hs256(SECRET, "{\"mercure\":{\"subscribe\":[1]}}")));
    }

    @ParameterizedTest(name = "protocol-eras.md, draft-08 Error Responses: {0} token on publish → 401 invalid_token")
    @MethodSource("badTokens")
    void invalidTokenOnPublish(String what, String token) {
        HttpResponse<String> r = publishWith(hub, token, FORM_OK);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    @ParameterizedTest(name = "protocol-eras.md, draft-08 Error Responses: {0} token on subscribe → 401 invalid_token")
    @MethodSource("badTokens")
    void invalidTokenOnSubscribe(String what, String token) {
        try (SseClient c = hubStreams.subscribeWithToken(token, "https://example.com/auth")) {
            assertThat(c.status()).isEqualTo(401);
            assertThat(challenge(c)).contains("error=\"invalid_token\"");
        }
    }

    @ParameterizedTest(name = "draft-08 Error Responses: {0} token on subscribe → 401 even with anonymous on (header)")
    @MethodSource("badTokens")
    void invalidTokenNeverAnonymous(String what, String token) {
        try (SseClient c = anonStreams.subscribeWithToken(token, "https://example.com/auth")) {
            assertThat(c.status()).isEqualTo(401);
            assertThat(challenge(c)).contains("error=\"invalid_token\"");
        }
    }

    @Test
    @DisplayName("draft-08 Error Responses: an invalid token in the cookie → 401 even with anonymous on")
    void invalidCookieNeverAnonymous() {
        try (SseClient c = SseClient.open(anonStreams.subscribeUri("https://example.com/auth"),
                cookie("mercureAuthorization", Tokens.forged("{}")))) {
            assertThat(c.status()).isEqualTo(401);
        }
        try (SseClient c = anonStreams.subscribe("https://example.com/auth")) {
            assertThat(c.status()).as("no token at all is anonymous").isEqualTo(200);
        }
    }

    @Test
    @DisplayName("draft-08 Error Responses: Authorization: Bearer x (malformed) → 400 invalid_request, on publish and "
            + "subscribe")
    void malformedBearer() {
        HttpResponse<String> r = publish(hub, Map.of("Authorization", "Bearer x"), FORM_OK);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(challenge(r)).contains("error=\"invalid_request\"");
        try (SseClient c = SseClient.open(anonStreams.subscribeUri("a"), Map.of("Authorization", "Bearer x"))) {
            assertThat(c.status()).isEqualTo(400);
            assertThat(challenge(c)).contains("error=\"invalid_request\"");
        }
    }

    @Test
    @DisplayName("draft-08 Error Responses: Authorization: Basic abc → 400")
    void basicScheme() {
        HttpResponse<String> r = publish(hub, Map.of("Authorization", "Basic abc"), FORM_OK);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(challenge(r)).contains("error=\"invalid_request\"");
    }

    @Test
    @DisplayName("RFC 9110 §11.1: the scheme is case-insensitive: \"bearer <token>\" is accepted")
    void lowercaseBearer() {
        HttpResponse<String> r = publish(hub, Map.of("Authorization", "bearer " + TestHub.allAccess()), FORM_OK);
        assertThat(r.statusCode()).isEqualTo(200);
        try (SseClient c = SseClient.open(hubStreams.subscribeUri("a"), Map.of("Authorization", "bEaReR " + TestHub.allAccess()))) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- token transport

    @Test
    @DisplayName("draft-08 Presenting the Access Token: the header beats the cookie (valid header + forged cookie → "
            + "200; forged header + valid cookie → 401)")
    void headerBeatsCookie() {
        String good = TestHub.allAccess();
        String bad = Tokens.forged("{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]}}");
        assertThat(publish(hub, with(bearer(good), "Cookie", "mercureAuthorization=" + bad), FORM_OK).statusCode())
                .isEqualTo(200);
        assertThat(publish(hub, with(with(bearer(bad), "Cookie", "mercureAuthorization=" + good), "Origin", APP),
                FORM_OK).statusCode()).isEqualTo(401);
        try (SseClient c = SseClient.open(hubStreams.subscribeUri("a"),
                with(bearer(bad), "Cookie", "mercureAuthorization=" + good))) {
            assertThat(c.status()).isEqualTo(401);
        }
        try (SseClient c = SseClient.open(hubStreams.subscribeUri("a"),
                with(bearer(good), "Cookie", "mercureAuthorization=" + bad))) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("configuration.md Where the token is read: the authorization= query parameter is ignored unless "
            + "enabled (the cookie is used)")
    void queryTokenIgnoredByDefault() {
        String good = TestHub.allAccess();
        String bad = Tokens.forged("{}");
        URI withBad = URI.create(hubStreams.subscribeUri("a") + "&authorization=" + bad);
        try (SseClient c = SseClient.open(withBad, cookie("mercureAuthorization", good))) {
            assertThat(c.status()).as("the forged query token is not looked at").isEqualTo(200);
        }
        URI withGood = URI.create(hubStreams.subscribeUri("a") + "&authorization=" + good);
        try (SseClient c = SseClient.open(withGood)) {
            assertThat(c.status()).as("a query token alone is no token").isEqualTo(401);
        }
        HttpResponse<String> r = hub.post("/.well-known/mercure?authorization=" + good, null, FORM_OK, Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("draft-07 Authorization, configuration.md: with authorizationQuery on, the query token beats the "
            + "cookie and the header beats both")
    void queryTokenWhenEnabled() {
        String good = TestHub.allAccess();
        String bad = Tokens.forged("{}");
        try (Nodes q = Nodes.start(topology, b -> b.threads(1).auth(a -> a.authorizationQuery(true)))) {
            String base = q.subscriber().subscribeUri("a").toString();
            try (SseClient c = SseClient.open(URI.create(base + "&authorization=" + good))) {
                assertThat(c.status()).isEqualTo(200);
            }
            try (SseClient c = SseClient.open(URI.create(base + "&authorization=" + good),
                    cookie("mercureAuthorization", bad))) {
                assertThat(c.status()).as("query beats cookie").isEqualTo(200);
            }
            try (SseClient c = SseClient.open(URI.create(base + "&authorization=" + bad),
                    cookie("mercureAuthorization", good))) {
                assertThat(c.status()).as("query beats cookie").isEqualTo(401);
            }
            try (SseClient c = SseClient.open(URI.create(base + "&authorization=" + bad), bearer(good))) {
                assertThat(c.status()).as("header beats query").isEqualTo(200);
            }
            HttpResponse<String> r = q.publisher().post("/.well-known/mercure?authorization=" + good, null, FORM_OK, Map.of());
            assertThat(r.statusCode()).as("publishing with a query token").isEqualTo(200);
        }
    }

    @Test
    @DisplayName("the mercureAuthorization cookie authenticates a subscriber, who then reads private updates")
    void cookieSubscribe() {
        String topic = "https://example.com/cookie-private";
        try (SseClient c = SseClient.open(hubStreams.subscribeUri(topic),
                cookie("mercureAuthorization", token(null, "[\"" + topic + "\"]")))) {
            assertThat(c.status()).isEqualTo(200);
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode(topic) + "&private=on&data=secret");
            assertThat(nextData(c)).isEqualTo("secret");
        }
    }

    @Test
    @DisplayName("a custom cookieName carries the token")
    void customCookieName() {
        try (Nodes h = Nodes.start(topology, b -> b.threads(1).auth(a -> a.cookieName("qsToken")))) {
            try (SseClient c = SseClient.open(h.subscriber().subscribeUri("a"), cookie("qsToken", TestHub.allAccess()))) {
                assertThat(c.status()).isEqualTo(200);
            }
            try (SseClient c = SseClient.open(h.subscriber().subscribeUri("a"), cookie("qsToken", Tokens.forged("{}")))) {
                assertThat(c.status()).isEqualTo(401);
            }
        }
    }

    @Test
    @DisplayName("configuration.md Where the token is read: the mercureAuthorization cookie is used only when the "
            + "configured cookie is absent")
    void defaultCookieAsFallback() {
        try (Nodes h = Nodes.start(topology, b -> b.auth(a -> a.cookieName("qsToken")))) {
            try (SseClient c = SseClient.open(h.subscriber().subscribeUri("a"), cookie("mercureAuthorization", TestHub.allAccess()))) {
                assertThat(c.status()).isEqualTo(200);
            }
            Map<String, String> both = Map.of("Cookie",
                    "mercureAuthorization=" + TestHub.allAccess() + "; qsToken=" + Tokens.forged("{}"));
            try (SseClient c = SseClient.open(h.subscriber().subscribeUri("a"), both)) {
                assertThat(c.status()).isEqualTo(401);
            }
        }
    }

    // ---------------------------------------------------------------- CSRF

    private static HttpResponse<String> cookiePublish(Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(cookie("mercureAuthorization", TestHub.allAccess()));
        headers.putAll(extra);
        return publish(hub, headers, FORM_OK);
    }

    @Test
    @DisplayName("draft-08 Security Considerations (CSRF): a cookie-authenticated POST without Origin or Referer → 400")
    void cookiePublishWithoutOrigin() {
        HttpResponse<String> r = cookiePublish(Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Origin");
    }

    @Test
    @DisplayName("draft-08 Security Considerations (CSRF): a cookie-authenticated POST from an Origin not in "
            + "publishOrigins → 400; an allowed one → 200")
    void cookiePublishOrigins() {
        assertThat(cookiePublish(Map.of("Origin", "https://evil.example.net")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", "http://app.example.com")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", APP)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Security Considerations (CSRF): without Origin (or with Origin: null) the Referer's origin "
            + "is checked")
    void cookiePublishReferer() {
        assertThat(cookiePublish(Map.of("Referer", APP + "/page?x=1")).statusCode()).isEqualTo(200);
        assertThat(cookiePublish(Map.of("Referer", "https://evil.example.net/page")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", "null", "Referer", APP + "/page")).statusCode()).isEqualTo(200);
        assertThat(cookiePublish(Map.of("Referer", "not a url")).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("draft-08 Security Considerations (CSRF): https://*.example.org allows subdomains only, on that scheme")
    void cookiePublishWildcard() {
        assertThat(cookiePublish(Map.of("Origin", "https://a.example.org")).statusCode()).isEqualTo(200);
        assertThat(cookiePublish(Map.of("Origin", "https://a.b.example.org")).statusCode()).isEqualTo(200);
        assertThat(cookiePublish(Map.of("Origin", "https://example.org")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", "https://evilexample.org")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", "http://a.example.org")).statusCode()).isEqualTo(400);
        assertThat(cookiePublish(Map.of("Origin", "https://a.example.org.evil.net")).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("draft-08 Security Considerations (CSRF): a header-authenticated POST needs no Origin; a "
            + "cookie-authenticated GET needs none either")
    void originOnlyForCookiePublish() {
        assertThat(publishWith(hub, TestHub.allAccess(), FORM_OK).statusCode()).isEqualTo(200);
        try (SseClient c = SseClient.open(hubStreams.subscribeUri("a"), cookie("mercureAuthorization", TestHub.allAccess()))) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- publish grants (0.x)

    @Test
    @DisplayName("draft-07 Publishers: publish [\"*\"] → any topic; [\"foo\"] with topics foo and bar → 403 "
            + "insufficient_scope, not dispatched")
    void publishGrants() {
        try (SseClient c = hubStreams.subscribeWithToken(TestHub.allAccess(), "*")) {
            assertThat(publishWith(hub, token("[\"*\"]", null), "topic=anything&topic=else&data=star").statusCode())
                    .isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("star");
            HttpResponse<String> r = publishWith(hub, token("[\"foo\"]", null), "topic=foo&topic=bar&data=refused");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
            assertThat(r.body()).contains("bar");
            assertThat(publishWith(hub, token("[\"foo\"]", null), "topic=foo&data=granted").statusCode()).isEqualTo(200);
            assertThat(nextData(c)).as("the refused update was not dispatched").isEqualTo("granted");
        }
    }

    @Test
    @DisplayName("draft-07 Publishers: a URI-template publish grant covers matching topics only")
    void publishTemplateGrant() {
        String t = token("[\"https://example.com/books/{id}\"]", null);
        assertThat(publishWith(hub, t, "topic=" + TestHub.encode("https://example.com/books/1")).statusCode())
                .isEqualTo(200);
        assertThat(publishWith(hub, t, "topic=" + TestHub.encode("https://example.com/users/1")).statusCode())
                .isEqualTo(403);
    }

    @Test
    @DisplayName("draft-07 Publishers: publish [] → 403; no publish claim → 403")
    void emptyPublishClaim() {
        assertThat(publishWith(hub, token("[]", null), FORM_OK).statusCode()).isEqualTo(403);
        assertThat(publishWith(hub, token(null, "[\"*\"]"), FORM_OK).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("protocol-eras.md public-publish (compat 7), publish [] may publish public updates, not private ones")
    void publicPublish() {
        try (Nodes h = Nodes.start(topology, b -> b.threads(1).auth(a -> a.publicPublish(true)))) {
            assertThat(publishWith(h.publisher(), token("[]", null), FORM_OK).statusCode()).isEqualTo(200);
            HttpResponse<String> r = publishWith(h.publisher(), token("[]", null), FORM_OK + "&private=on");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(challenge(r)).contains("insufficient_scope");
        }
    }

    @Test
    @DisplayName("the https://mercure.rocks/ claim grants like mercure, and replaces it when both are present")
    void namespacedClaim() {
        String rocks = Tokens.hs256(SECRET, "{\"https://mercure.rocks/\":{\"publish\":[\"*\"]}}");
        assertThat(publishWith(hub, rocks, FORM_OK).statusCode()).isEqualTo(200);
        String both = Tokens.hs256(SECRET,
                "{\"mercure\":{\"publish\":[\"*\"]},\"https://mercure.rocks/\":{\"publish\":[]}}");
        assertThat(publishWith(hub, both, FORM_OK).statusCode()).isEqualTo(403);
        String topic = "https://example.com/rocks-private";
        String sub = Tokens.hs256(SECRET, "{\"https://mercure.rocks/\":{\"subscribe\":[\"" + topic + "\"]}}");
        try (SseClient c = hubStreams.subscribeWithToken(sub, topic)) {
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode(topic) + "&private=on&data=rocks");
            assertThat(nextData(c)).isEqualTo("rocks");
        }
    }

    // ---------------------------------------------------------------- private updates (0.x)

    @Test
    @DisplayName("draft-07 Subscribers: a private update is never delivered to an anonymous subscriber; a granted one "
            + "receives it")
    void privateNeverAnonymous() {
        String topic = "https://example.com/r64";
        try (SseClient anonymous = anonStreams.subscribe("*");
                SseClient granted = anonStreams.subscribeWithToken(token(null, "[\"" + topic + "\"]"), topic)) {
            assertThat(anonymous.status()).isEqualTo(200);
            publishWith(anon, TestHub.allAccess(), "topic=" + TestHub.encode(topic) + "&private=&data=secret");
            assertThat(nextData(granted)).isEqualTo("secret");
            String m = marker(anon, topic);
            assertThat(nextData(anonymous)).isEqualTo(m);
            assertThat(nextData(granted)).isEqualTo(m);
        }
    }

    @Test
    @DisplayName("draft-07 Subscribers: the alternate-topic trick: grant https://example.com/users/foo/{?topic} reads "
            + "private books/1 published with the alternate …/users/foo/?topic=…")
    void alternateTopicAuthorizes() {
        String book = "https://example.com/books/1";
        String alternate = "https://example.com/users/foo/?topic=" + TestHub.encode(book);
        String other = "https://example.com/users/bar/?topic=" + TestHub.encode(book);
        String grant = token(null, "[\"https://example.com/users/foo/{?topic}\"]");
        try (SseClient c = hubStreams.subscribeWithToken(grant, book)) {
            assertThat(c.status()).isEqualTo(200);
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode(book) + "&private=on&data=only-canonical");
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode(book) + "&topic=" + TestHub.encode(other)
                    + "&private=on&data=other-user");
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode(book) + "&topic=" + TestHub.encode(alternate)
                    + "&private=on&data=foo-alternate");
            assertThat(nextData(c)).isEqualTo("foo-alternate");
        }
    }

    @Test
    @DisplayName("draft-07 Subscription: a private update whose topic the grant matches but no selector routes is not "
            + "delivered")
    void grantIsNotRouting() {
        try (SseClient c = hubStreams.subscribeWithToken(token(null, "[\"*\"]"), "https://example.com/r68/a")) {
            publishWith(hub, TestHub.allAccess(), "topic=" + TestHub.encode("https://example.com/r68/b")
                    + "&private=on&data=not-routed");
            String m = marker(hub, "https://example.com/r68/a");
            assertThat(nextData(c)).isEqualTo(m);
        }
    }

    // ---------------------------------------------------------------- legacy-only hub and targets

    @Test
    @DisplayName("protocol-eras.md What never mixes: on a legacy-only hub a publish with target → 400, and nothing is "
            + "delivered")
    void targetOnLegacyHub() {
        try (SseClient c = anonStreams.subscribe("*")) {
            HttpResponse<String> r = publishWith(anon, TestHub.allAccess(), "topic=t41&target=alice&data=leak");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("target");
            String m = marker(anon, "t41");
            assertThat(nextData(c)).isEqualTo(m);
        }
    }

    /** The seed era: a targets-dialect key (a short secret, as in the seed's examples), anonymous on. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("seed-era targets")
    class Targets {
        private static final String SEED = "!ChangeMe!";
        private Nodes seedNodes;
        /** Where the seed-era tests publish (node A). */
        private TestHub seed;
        /** Where they subscribe: node B, or A itself on one node. */
        private TestHub seedStreams;

        @BeforeAll
        void start() {
            KeySpec key = new KeySpec(SEED, null, Dialect.TARGETS, "test");
            seedNodes = Nodes.start(topology, b -> b.threads(2).anonymous(true)
                    .auth(a -> a.publisherKeys(List.of(key)).subscriberKeys(List.of(key))));
            seed = seedNodes.publisher();
            seedStreams = seedNodes.subscriber();
        }

        @AfterAll
        void stop() {
            seedNodes.close();
        }

        private String seedToken(String publish, String subscribe) {
            return Tokens.mercure(SEED, publish, subscribe);
        }

        private HttpResponse<String> seedPublish(String token, String form) {
            return seed.post(token, form);
        }

        private String seedMarker(String topic) {
            String data = "marker-" + System.nanoTime();
            assertThat(seedPublish(seedToken("[]", null), "topic=" + topic + "&data=" + data).statusCode())
                    .isEqualTo(200);
            return data;
        }

        @Test
        @DisplayName("draft-04 Publishers: publish [] → public update OK; target=x → 403; publish [\"*\"] → any target")
        void publishTargets() {
            assertThat(seedPublish(seedToken("[]", null), "topic=t63&data=public").statusCode()).isEqualTo(200);
            HttpResponse<String> r = seedPublish(seedToken("[]", null), "topic=t63&target=x&data=targeted");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
            assertThat(seedPublish(seedToken("[\"*\"]", null), "topic=t63&target=x&target=y").statusCode())
                    .isEqualTo(200);
            assertThat(seedPublish(seedToken("[\"x\"]", null), "topic=t63&target=x").statusCode()).isEqualTo(200);
            assertThat(seedPublish(seedToken("[\"x\"]", null), "topic=t63&target=x&target=y").statusCode())
                    .isEqualTo(403);
        }

        @Test
        @DisplayName("draft-04 Publishers: no publish claim → 403; a legacy (0.x) key's token is not accepted by a "
                + "targets hub")
        void noPublishClaim() {
            assertThat(seedPublish(seedToken(null, "[\"*\"]"), "topic=t63").statusCode()).isEqualTo(403);
            assertThat(seedPublish(TestHub.allAccess(), "topic=t63").statusCode()).isEqualTo(401);
        }

        @Test
        @DisplayName("a targets token publishing a private (0.x) update → 403")
        void targetsTokenCannotPublishPrivate() {
            HttpResponse<String> r = seedPublish(seedToken("[\"*\"]", null), "topic=t63&private=on");
            assertThat(r.statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("draft-04 Subscribers: target=a reaches subscribers with a or * in subscribe, not b, not "
                + "anonymous; a target-less update reaches everyone subscribed")
        void targetedDelivery() {
            String topic = "t67";
            try (SseClient a = seedStreams.subscribeWithToken(seedToken(null, "[\"a\"]"), topic);
                    SseClient star = seedStreams.subscribeWithToken(seedToken(null, "[\"*\"]"), topic);
                    SseClient b = seedStreams.subscribeWithToken(seedToken(null, "[\"b\"]"), topic);
                    SseClient none = seedStreams.subscribeWithToken(seedToken(null, null), topic);
                    SseClient anonymous = seedStreams.subscribe(topic)) {
                for (SseClient c : List.of(a, star, b, none, anonymous)) {
                    assertThat(c.status()).isEqualTo(200);
                }
                assertThat(seedPublish(seedToken("[\"a\"]", null), "topic=" + topic + "&target=a&data=for-a")
                        .statusCode()).isEqualTo(200);
                String m = seedMarker(topic);
                assertThat(nextData(a)).isEqualTo("for-a");
                assertThat(nextData(star)).isEqualTo("for-a");
                for (SseClient c : List.of(a, star, b, none, anonymous)) {
                    assertThat(nextData(c)).as("the target-less update reaches everyone").isEqualTo(m);
                }
            }
        }

        @Test
        @DisplayName("protocol-eras.md What never mixes: on a hub with targets and legacy keys, a targeted update "
                + "never reaches a legacy token, a 0.x private update never reaches a targets token, and a legacy "
                + "token may not publish target")
        void dialectsNeverMix() {
            KeySpec targets = new KeySpec(SEED, null, Dialect.TARGETS, "test");
            KeySpec legacy = new KeySpec(SECRET, null, Dialect.LEGACY, "test");
            try (Nodes mixed = Nodes.start(topology, b -> b.threads(1)
                    .auth(a -> a.publisherKeys(List.of(targets, legacy)).subscriberKeys(List.of(targets, legacy))))) {
                try (SseClient seedStar = mixed.subscriber().subscribeWithToken(seedToken(null, "[\"*\"]"), "m");
                        SseClient legacyStar = mixed.subscriber().subscribeWithToken(TestHub.allAccess(), "m")) {
                    assertThat(seedStar.status()).isEqualTo(200);
                    assertThat(legacyStar.status()).isEqualTo(200);
                    assertThat(mixed.publisher().post(seedToken("[\"*\"]", null), "topic=m&target=a&data=targeted").statusCode())
                            .isEqualTo(200);
                    assertThat(mixed.publisher().post(TestHub.allAccess(), "topic=m&private=on&data=private").statusCode())
                            .isEqualTo(200);
                    HttpResponse<String> r = mixed.publisher().post(TestHub.allAccess(), "topic=m&target=a&data=legacy-targeted");
                    assertThat(r.statusCode()).isEqualTo(403);
                    assertThat(mixed.publisher().post(TestHub.allAccess(), "topic=m&data=public").statusCode()).isEqualTo(200);
                    assertThat(nextData(seedStar)).isEqualTo("targeted");
                    assertThat(nextData(seedStar)).isEqualTo("public");
                    assertThat(nextData(legacyStar)).isEqualTo("private");
                    assertThat(nextData(legacyStar)).isEqualTo("public");
                }
            }
        }

        @Test
        @DisplayName("draft-04 Subscribers: an update with targets a and b reaches a subscriber listing either")
        void anyTargetSuffices() {
            try (SseClient b = seedStreams.subscribeWithToken(seedToken(null, "[\"b\",\"c\"]"), "t67b")) {
                seedPublish(seedToken("[\"*\"]", null), "topic=t67b&target=a&target=b&data=ab");
                assertThat(nextData(b)).isEqualTo("ab");
            }
        }
    }
}
