package dev.quicksilver.server.v1;

import static dev.quicksilver.server.support.Tokens.atClaims;
import static dev.quicksilver.server.support.Tokens.detail;
import static dev.quicksilver.server.support.Tokens.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * RFC 9728 protected resource metadata and the playground's token endpoint, over real sockets
 * (Mercure draft-08 "Protected Resource Metadata" and "Error Responses"; RFC 9728; docs/issuers.md
 * "The playground").
 */
@DisplayName("resource metadata and the playground")
class MetadataTest {
    static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    static final String METADATA_PATH = "/.well-known/oauth-protected-resource/.well-known/mercure";
    static final String METADATA_URL = "https://hub.example.com" + METADATA_PATH;
    static final String TOKEN_PATH = "/.well-known/mercure/debug/token";
    static final String ISS_A = "https://as-a.example.com";
    static final String ISS_B = "https://as-b.example.com";
    static final String SECRET_A = "secret-of-issuer-a-0123456789abcdef";

    static IssuerSpec oauth(String id, String secret) {
        KeySpec key = new KeySpec(secret, null, Dialect.OAUTH, "test");
        return new IssuerSpec(id, Dialect.OAUTH, List.of(key), List.of(key), null, null, "test " + id);
    }

    /** An oauth-only hub at {@link #RESOURCE} with issuers A and B. */
    static TestHub oauthHub(boolean subscriptions, String cookie) {
        return TestHub.start(b -> b.threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).accessTokenCookie(cookie)
                        .issuers(List.of(oauth(ISS_A, SECRET_A), oauth(ISS_B, "secret-of-issuer-b-0123456789abcdef"))))
                .features(f -> f.legacy(false).subscriptions(subscriptions))
                .listen(l -> l.publicUrl(RESOURCE)));
    }

    static Map<String, Object> json200(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSONObjectUtils.parse(r.body());
    }

    static String challenge(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }

    static String form(String data, String topic, boolean privateUpdate) {
        return "data=" + TestHub.encode(data) + "&topic=" + TestHub.encode(topic) + (privateUpdate ? "&private=on" : "");
    }

    // ------------------------------------------------------------ draft-08 Protected Resource Metadata

    @Test
    @DisplayName("draft-08 Protected Resource Metadata: the metadata document: resource, bearer_methods_supported "
            + "[header], the Mercure detail type, the authorization servers, mercure_cookie and mercure_subscriptions: "
            + "true")
    void document() throws Exception {
        try (TestHub h = oauthHub(true, "__Secure-mercure_access_token")) {
            HttpResponse<String> r = h.get(METADATA_PATH, Map.of());
            Map<String, Object> doc = json200(r);
            assertThat(doc.get("resource")).isEqualTo(RESOURCE);
            assertThat(doc.get("bearer_methods_supported")).isEqualTo(List.of("header"));
            assertThat(doc.get("authorization_details_types_supported"))
                    .isEqualTo(List.of("https://mercure.rocks/authorization-detail"));
            assertThat(doc.get("authorization_servers")).isEqualTo(List.of(ISS_A, ISS_B));
            assertThat(doc.get("mercure_cookie")).isEqualTo("__Secure-mercure_access_token");
            assertThat(doc.get("mercure_subscriptions")).isEqualTo(true);
        }
    }

    @Test
    @DisplayName("draft-08 Protected Resource Metadata: without subscriptions there is no mercure_subscriptions: true; "
            + "a configured cookie is advertised")
    void documentWithoutSubscriptions() throws Exception {
        try (TestHub h = oauthHub(false, "__Host-qs_token")) {
            Map<String, Object> doc = json200(h.get(METADATA_PATH, Map.of()));
            assertThat(doc.get("mercure_subscriptions")).isNotEqualTo(true);
            assertThat(doc.get("mercure_cookie")).isEqualTo("__Host-qs_token");
            assertThat(doc.get("resource")).isEqualTo(RESOURCE);
        }
    }

    @Test
    @DisplayName("draft-08 Protected Resource Metadata: no metadata (404) on a hub without oauth issuers; its "
            + "challenges name no resource_metadata")
    void notServedWithoutOauth() {
        try (TestHub h = TestHub.start(b -> b.threads(1).listen(l -> l.publicUrl(RESOURCE)))) {
            assertThat(h.get(METADATA_PATH, Map.of()).statusCode()).isEqualTo(404);
            HttpResponse<String> r = h.post(null, form("x", "https://example.com/m", false));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(challenge(r)).startsWith("Bearer").doesNotContain("resource_metadata");
        }
    }

    // ---------------------------------------------------------------- draft-08 Error Responses

    @Test
    @DisplayName("draft-08 Error Responses, RFC 9728: 401 challenges (no token on subscribe or publish, an invalid "
            + "token) carry resource_metadata=\"<origin>/.well-known/oauth-protected-resource/.well-known/mercure\", "
            + "and that path serves the document")
    void challenges() throws Exception {
        try (TestHub h = oauthHub(false, "__Secure-mercure_access_token")) {
            String expected = "resource_metadata=\"" + METADATA_URL + "\"";
            try (SseClient c = SseClient.open(h.uri("/.well-known/mercure?match=a"))) {
                assertThat(c.status()).isEqualTo(401);
                assertThat(c.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer")
                        .contains(expected).doesNotContain("error=");
            }
            HttpResponse<String> noToken = h.post(null, form("x", "https://example.com/m", false));
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(challenge(noToken)).contains(expected).doesNotContain("error=");
            HttpResponse<String> invalid = h.post(Tokens.forged("{}"), form("x", "https://example.com/m", false));
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(challenge(invalid)).contains(expected).contains("error=\"invalid_token\"");
            String path = URI.create(METADATA_URL).getPath();
            assertThat(json200(h.get(path, Map.of())).get("resource")).isEqualTo(RESOURCE);
        }
    }

    // ---------------------------------------------------------------- the playground

    @Test
    @DisplayName("playground (issuers.md): the debug token is an at+jwt for this hub, valid about 10 minutes, that "
            + "publishes and subscribes to everything; the playground issuer is not advertised")
    void playgroundToken() throws Exception {
        try (TestHub h = TestHub.start(b -> b.threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).issuers(List.of()).playground(true))
                .features(f -> f.legacy(false)))) {
            HttpResponse<String> r = h.get(TOKEN_PATH, Map.of());
            Map<String, Object> body = json200(r);
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            assertThat(body.get("token_type")).isEqualTo("Bearer");
            assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(600);
            String token = (String) body.get("access_token");
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(jwt.getHeader().getType().getType()).isEqualToIgnoringCase("at+jwt");
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String resource = "http://localhost:" + h.port() + "/.well-known/mercure";
            assertThat(claims.getAudience()).containsExactly(resource);
            long now = Instant.now().getEpochSecond();
            assertThat(claims.getExpirationTime().toInstant().getEpochSecond()).isCloseTo(now + 600, within(30L));

            Map<String, Object> metadata = json200(h.get(METADATA_PATH, Map.of()));
            assertThat(metadata.get("resource")).isEqualTo(resource);
            assertThat(String.valueOf(metadata.get("authorization_servers"))).doesNotContain(claims.getIssuer());

            String topic = "https://anything.example.com/playground/" + now;
            try (SseClient c = SseClient.open(h.uri("/.well-known/mercure?match=" + TestHub.encode(topic)),
                    Map.of("Authorization", "Bearer " + token))) {
                assertThat(c.status()).isEqualTo(200);
                assertThat(h.post(token, form("private-playground", topic, true)).statusCode()).isEqualTo(200);
                SseEvent e = c.next();
                assertThat(e).isNotNull();
                assertThat(e.data()).isEqualTo("private-playground");
            }
            assertThat(h.post(token, form("x", "urn:another:topic", false) + "&topic=" + TestHub.encode("https://other.example.org/x"))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("playground (issuers.md): the token endpoint is 404 when the playground is off, even with oauth issuers and the UI")
    void playgroundOff() {
        try (TestHub h = oauthHub(false, "__Secure-mercure_access_token")) {
            assertThat(h.get(TOKEN_PATH, Map.of()).statusCode()).isEqualTo(404);
        }
        try (TestHub h = TestHub.start(b -> b.threads(1).features(f -> f.ui(true).demo(false))
                .auth(a -> a.playground(false)))) {
            assertThat(h.get(TOKEN_PATH, Map.of()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("playground (issuers.md), draft-08 Token Validation (aud): a playground token is refused (401) by "
            + "another playground hub with the same public URL (each has its own random key), and accepted by its own")
    void playgroundTokenIsHubBound() throws Exception {
        try (TestHub one = playgroundAt(RESOURCE); TestHub two = playgroundAt(RESOURCE)) {
            String token = (String) json200(one.get(TOKEN_PATH, Map.of())).get("access_token");
            assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly(RESOURCE);
            String form = form("x", "https://example.com/pg", false);
            assertThat(one.post(token, form).statusCode()).isEqualTo(200);
            HttpResponse<String> r = two.post(token, form);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(challenge(r)).contains("error=\"invalid_token\"");
            assertThat(two.post(Tokens.accessToken(SECRET_A, atClaims(ISS_A, json(RESOURCE),
                    detail("[\"publish\"]", "[{\"match\":\"*\"}]"))), form).statusCode())
                    .as("control: the other hub's own oauth issuer").isEqualTo(200);
        }
    }

    static TestHub playgroundAt(String publicUrl) {
        return TestHub.start(b -> b.threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).playground(true)
                        .issuers(List.of(oauth(ISS_A, SECRET_A))))
                .features(f -> f.legacy(false))
                .listen(l -> l.publicUrl(publicUrl)));
    }
}
