package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.logging.CapturedLog;
import dev.quicksilver.server.logging.LogFormat;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Every 401 and 403 says why, so that the user can act on it: where the token was looked for,
 * what the token says of itself (algorithm, key id, issuer), and what failed. And never a secret:
 * not the token, not a key.
 */
class RefusalReasonsTest {
    private static final String ISSUER = "https://as.example.com";
    private static final String ISSUER_SECRET = "secret-of-the-issuer-0123456789abcdef";
    private static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    private static final String TOPIC = "https://example.com/a";
    private static final String OTHER_SECRET = "another-secret-0123456789abcdefghij";
    private static final String FORM = "topic=" + TestHub.encode(TOPIC) + "&data=x";

    static TestHub hub;

    @BeforeAll
    static void start() {
        KeySpec issuerKey = new KeySpec(ISSUER_SECRET, null, Dialect.OAUTH, "test");
        hub = TestHub.start(b -> b.auth(a -> a.issuers(List.of(new IssuerSpec(ISSUER, Dialect.OAUTH, List.of(issuerKey),
                List.of(issuerKey), null, null, "test")))).listen(l -> l.publicUrl(RESOURCE)));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    @DisplayName("no token at all: 401 naming the header and the cookies looked in")
    void noToken() {
        HttpResponse<String> r = hub.post(null, FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Publishing requires a token: none was found in the Authorization header")
                .contains("\"mercureAuthorization\"").contains("\"__Secure-mercure_access_token\"");
        HttpResponse<String> subscribe = hub.get("/.well-known/mercure?topic=x", Map.of("Cookie", "other=1"));
        assertThat(subscribe.statusCode()).isEqualTo(401);
        assertThat(subscribe.body()).contains("does not allow anonymous subscribers")
                .contains("The request has cookies, none of them by these names");
    }

    @Test
    @DisplayName("a token signed with another secret: 401 saying the signature is invalid, the algorithm, kid, where "
            + "it was found and for which role; neither the token nor the secret is echoed")
    void badSignature() {
        String token = Tokens.mercure(OTHER_SECRET, "[\"*\"]", "[\"*\"]");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("The token's signature is invalid: no HS256 key of this hub verifies it")
                .contains("signed with HS256, no key id (kid), no issuer (iss)")
                .contains("found in the Authorization header and checked as a publisher's token")
                .doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(TestHub.SECRET).doesNotContain(ISSUER_SECRET);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    @DisplayName("another algorithm than the keys': 401 naming the algorithms the hub's keys use")
    void algorithm() {
        String token = Tokens.sign(JWSAlgorithm.HS512, TestHub.SECRET, "{\"mercure\":{\"publish\":[\"*\"]}}");
        assertThat(hub.post(token, FORM).body()).contains("The token's algorithm HS512 is not the one this hub's keys "
                + "use (they use HS256)");
    }

    @Test
    @DisplayName("a token naming a kid, signed with another key: 401 naming the kid")
    void kid() {
        String token = Tokens.withHeader("{\"alg\":\"HS256\",\"kid\":\"rotated-2025\"}", OTHER_SECRET,
                "{\"mercure\":{\"publish\":[\"*\"]}}");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("no HS256 key of this hub that the kid selects verifies it")
                .contains("key id (kid) \"rotated-2025\"");
    }

    @Test
    @DisplayName("an expired token: 401 saying when it expired and what the hub's clock says")
    void expired() {
        long exp = Instant.now().getEpochSecond() - 60;
        String token = Tokens.hs256(TestHub.SECRET, "{\"exp\":" + exp + ",\"mercure\":{\"publish\":[\"*\"]}}");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("The token has expired: its exp is " + Instant.ofEpochSecond(exp))
                .contains("the hub's clock says");
    }

    @Test
    @DisplayName("a token not valid yet: 401 saying from when, and hinting at clocks")
    void notYetValid() {
        long nbf = Instant.now().getEpochSecond() + 3600;
        String token = Tokens.hs256(TestHub.SECRET, "{\"nbf\":" + nbf + ",\"mercure\":{\"publish\":[\"*\"]}}");
        assertThat(hub.post(token, FORM).body()).contains("The token is not valid yet: its nbf is "
                + Instant.ofEpochSecond(nbf)).contains("are the clocks in sync?");
    }

    @Test
    @DisplayName("no mercure.publish claim: 403 naming the claim")
    void missingClaim() {
        String token = Tokens.hs256(TestHub.SECRET, "{\"mercure\":{\"subscribe\":[\"*\"]}}");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("The token has no \"mercure.publish\" claim.");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    }

    @Test
    @DisplayName("a topic the token does not grant: 403 naming the topic and what the claim holds")
    void topicNotAllowed() {
        String token = Tokens.mercure(TestHub.SECRET, "[\"https://example.com/b\"]", "[]");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("The token does not grant publishing to \"" + TOPIC
                + "\": its \"mercure.publish\" claim holds [\"https://example.com/b\"]");
    }

    @Test
    @DisplayName("a token from the cookie: the refusal says it came from the cookie; a cookie publish without an "
            + "allowed origin says how to fix it")
    void cookieVersusHeader() {
        String bad = Tokens.mercure(OTHER_SECRET, "[\"*\"]", "[\"*\"]");
        HttpResponse<String> subscribe = hub.get("/.well-known/mercure?topic=x",
                Map.of("Cookie", "mercureAuthorization=" + bad));
        assertThat(subscribe.statusCode()).isEqualTo(401);
        assertThat(subscribe.body()).contains("found in the cookie \"mercureAuthorization\" and checked as a "
                + "subscriber's token");
        HttpResponse<String> publish = hub.post("/.well-known/mercure", null, FORM,
                Map.of("Cookie", "mercureAuthorization=" + TestHub.allAccess(), "Origin", "https://evil.example"));
        assertThat(publish.statusCode()).isEqualTo(400);
        assertThat(publish.body()).contains("The origin \"https://evil.example\" may not publish with the cookie: add "
                + "it to publish-origins, or send the token in the Authorization header.");
    }

    @Test
    @DisplayName("a malformed Authorization header: 400 saying the expected form")
    void malformedHeader() {
        HttpResponse<String> r = hub.post("/.well-known/mercure", null, FORM, Map.of("Authorization", "Token abc"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("must be \"Bearer <token>\"");
    }

    @Test
    @DisplayName("1.0 access tokens: an untrusted issuer is named with the trusted ones; a wrong audience with the "
            + "expected one")
    void issuerAndAudience() {
        String details = Tokens.detail("[\"publish\"]", "[{\"match\":\"*\"}]");
        String untrusted = Tokens.accessToken(ISSUER_SECRET, Tokens.atClaims("https://other.example", Tokens.json(RESOURCE),
                details));
        HttpResponse<String> r = hub.post(untrusted, FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("The access token's issuer \"https://other.example\" is not one this hub trusts "
                + "for this operation (it trusts \"" + ISSUER + "\")").contains("a 1.0 access token signed with HS256");
        String elsewhere = Tokens.accessToken(ISSUER_SECRET, Tokens.atClaims(ISSUER,
                Tokens.json("https://other-hub.example/.well-known/mercure"), details));
        assertThat(hub.post(elsewhere, FORM).body()).contains("The access token's audience (aud) does not name this "
                + "hub: it must contain \"" + RESOURCE + "\" (the hub's public-url), and it is "
                + "[\"https://other-hub.example/.well-known/mercure\"]");
    }

    @Test
    @DisplayName("the debug log says the same, with the method and the path but not the query, and no token")
    void debugLog() {
        String token = Tokens.mercure(OTHER_SECRET, "[\"*\"]", "[\"*\"]");
        try (CapturedLog log = new CapturedLog(LogFormat.TEXT, Level.DEBUG)) {
            hub.post("/.well-known/mercure?secret-query=1", token, FORM, Map.of());
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("DEBUG Responses - refused POST "
                    + "/.well-known/mercure: 401 invalid_token: The token's signature is invalid")
                    .contains("found in the Authorization header").doesNotContain("secret-query")
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1)));
        }
    }

    @Test
    @DisplayName("values taken from the token are quoted, cut and stripped of control characters")
    void hostileValues() {
        String token = Tokens.withHeader("{\"alg\":\"HS256\",\"kid\":\"a\\nINFO forged line" + "x".repeat(300) + "\"}",
                OTHER_SECRET, "{}");
        HttpResponse<String> r = hub.post(token, FORM);
        assertThat(r.body()).contains("key id (kid) \"a?INFO forged line").contains("x…\"").doesNotContain("x".repeat(120));
        assertThat(r.body().strip().lines().count()).isEqualTo(1);
    }
}
