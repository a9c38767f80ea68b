package dev.quicksilver.server.v1;

import static dev.quicksilver.server.support.Tokens.atClaims;
import static dev.quicksilver.server.support.Tokens.detail;
import static dev.quicksilver.server.support.Tokens.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.ConfigException;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issuers and their dialects on one hub, over real sockets (docs/protocol-eras.md, docs/issuers.md,
 * docs/configuration.md "Where the token is read"; Mercure draft-08 "Presenting the Access Token"):
 * which issuer reads which token (routing by {@code typ}), what a
 * legacy or targets issuer adds, and what never applies to 1.0 tokens.
 *
 * <p>"Not delivered" is shown without waiting for silence: a marker published afterwards must be
 * the next event the subscriber sees.
 */
@DisplayName("issuers and dialects")
class IssuersTest {
    static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    static final String ISS = "https://as.example.com";
    static final String OAUTH_SECRET = "oauth-secret-0123456789abcdefghijkl";
    static final String LEGACY_SECRET = "legacy-secret-0123456789abcdefghijk";
    static final String TARGETS_SECRET = "targets-secret-0123456789abcdefghij";
    static final String ALL = detail("[\"publish\",\"subscribe\"]", "[{\"match\":\"*\"}]");

    static IssuerSpec issuer(String id, Dialect dialect, String secret) {
        KeySpec key = new KeySpec(secret, null, dialect, "test");
        return new IssuerSpec(id, dialect, List.of(key), List.of(key), null, null, "test " + dialect.label());
    }

    /** A hub with these issuers only (no JWT_KEY-style keys), at {@link #RESOURCE}. */
    static TestHub hub(List<IssuerSpec> issuers, UnaryOperator<HubConfig.Builder> adjust) {
        return TestHub.start(b -> adjust.apply(b.threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).issuers(issuers))
                .listen(l -> l.publicUrl(RESOURCE))));
    }

    static String accessToken(String secret, String... details) {
        return Tokens.accessToken(secret, atClaims(ISS, json(RESOURCE), details));
    }

    /** A 0.x token: typ JWT, a mercure claim, no aud, no exp. */
    static String legacyToken(String secret, String publish, String subscribe) {
        return Tokens.withHeader("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", secret, mercureClaim(publish, subscribe));
    }

    static String mercureClaim(String publish, String subscribe) {
        StringBuilder c = new StringBuilder("{\"mercure\":{");
        if (publish != null) {
            c.append("\"publish\":").append(publish);
        }
        if (subscribe != null) {
            c.append(publish != null ? "," : "").append("\"subscribe\":").append(subscribe);
        }
        return c.append("}}").toString();
    }

    static String enc(String s) {
        return TestHub.encode(s);
    }

    static String form(String data, boolean privateUpdate, String topic) {
        return "data=" + enc(data) + "&topic=" + enc(topic) + (privateUpdate ? "&private=on" : "");
    }

    static SseClient subscribe(TestHub h, String token, String query) {
        return SseClient.open(h.uri("/.well-known/mercure?" + query),
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    static String nextData(SseClient c) {
        SseEvent e = c.next();
        assertThat(e).as("an event").isNotNull();
        return e.data();
    }

    static String challenge(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }

    // ------------------------------------------------------------ protocol-eras.md: QUICKSILVER_LEGACY

    @Test
    @DisplayName("protocol-eras.md QUICKSILVER_LEGACY: by default (numbered oauth issuer only, loaded from the "
            + "environment) legacy features are off and a legacy token (typ JWT, mercure claim, no aud) → 401, even "
            + "signed with the issuer's secret")
    void legacyTokenRefusedByDefault() throws ConfigException {
        HubConfig config = ConfigLoader.load(Map.of("QUICKSILVER_ISSUER_1_ID", ISS, "QUICKSILVER_ISSUER_1_KEY",
                OAUTH_SECRET, "QUICKSILVER_PUBLIC_URL", RESOURCE), Map.of(), Map.of()).config();
        assertThat(config.features().legacy()).isFalse();
        assertThat(config.auth().publisherKeys()).isEmpty();
        try (TestHub h = TestHub.start(config.toBuilder().threads(1)
                .listen(l -> l.host("127.0.0.1").port(0)).build())) {
            String topic = "https://example.com/r110";
            for (String secret : List.of(OAUTH_SECRET, TestHub.SECRET)) {
                HttpResponse<String> r = h.post(legacyToken(secret, "[\"*\"]", "[\"*\"]"), form("x", false, topic));
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(challenge(r)).contains("error=\"invalid_token\"");
                try (SseClient c = subscribe(h, legacyToken(secret, null, "[\"*\"]"), "match=" + enc(topic))) {
                    assertThat(c.status()).isEqualTo(401);
                }
            }
            assertThat(h.post(accessToken(OAUTH_SECRET, ALL), form("x", false, topic)).statusCode())
                    .as("control: the issuer's access token").isEqualTo(200);
            try (SseClient c = subscribe(h, accessToken(OAUTH_SECRET, ALL), "topic=" + enc(topic))) {
                assertThat(c.status()).as("topic= is 0.x wire, off by default").isEqualTo(400);
            }
        }
    }

    // ------------------------------------------- protocol-eras.md: a legacy issuer beside an oauth one

    @Test
    @DisplayName("protocol-eras.md legacy tokens: with a legacy issuer (loaded from the environment), "
            + "mercure.subscribe [\"https://e/books/{id}\"] reads private books/1 on topic=, not private users/1")
    void legacyIssuerTemplates() throws ConfigException {
        HubConfig config = ConfigLoader.load(Map.of("QUICKSILVER_ISSUER_1_ID", ISS, "QUICKSILVER_ISSUER_1_KEY",
                OAUTH_SECRET, "QUICKSILVER_ISSUER_2_DIALECT", "legacy", "QUICKSILVER_ISSUER_2_KEY", LEGACY_SECRET,
                "QUICKSILVER_PUBLIC_URL", RESOURCE), Map.of(), Map.of()).config();
        assertThat(config.features().legacy()).as("a legacy issuer turns the 0.x wire on").isTrue();
        try (TestHub h = TestHub.start(config.toBuilder().threads(1)
                .listen(l -> l.host("127.0.0.1").port(0)).build())) {
            String book = "https://e.example.com/books/1";
            String user = "https://e.example.com/users/1";
            String subscriber = legacyToken(LEGACY_SECRET, null, "[\"https://e.example.com/books/{id}\"]");
            try (SseClient c = subscribe(h, subscriber, "topic=" + enc(book) + "&topic=" + enc(user))) {
                assertThat(c.status()).isEqualTo(200);
                String publisher = legacyToken(LEGACY_SECRET, "[\"*\"]", null);
                assertThat(h.post(publisher, form("user-1", true, user)).statusCode()).isEqualTo(200);
                assertThat(h.post(publisher, form("book-1", true, book)).statusCode()).isEqualTo(200);
                assertThat(nextData(c)).isEqualTo("book-1");
            }
            assertThat(h.post(legacyToken(OAUTH_SECRET, "[\"*\"]", null), form("x", false, book)).statusCode())
                    .as("the oauth issuer's secret does not verify legacy tokens").isEqualTo(401);
        }
    }

    @Test
    @DisplayName("protocol-eras.md The one decision: an oauth issuer and a legacy issuer sharing a secret: an access "
            + "token without aud (or exp) → 401, with both → 200; a typ JWT token with the same secret is read by the "
            + "legacy issuer")
    void relaxedRulesNeverForAccessTokens() {
        String shared = "shared-secret-0123456789abcdefghijk";
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, shared), issuer(null, Dialect.LEGACY, shared)),
                b -> b.features(f -> f.legacy(true)))) {
            String topic = "https://example.com/r112";
            String noAud = Tokens.accessToken(shared, atClaims(ISS, null, ALL));
            HttpResponse<String> r = h.post(noAud, form("x", false, topic));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(challenge(r)).contains("error=\"invalid_token\"");
            String noExp = Tokens.accessToken(shared, "{\"iss\":" + json(ISS) + ",\"aud\":" + json(RESOURCE)
                    + ",\"authorization_details\":[" + ALL + "]}");
            assertThat(h.post(noExp, form("x", false, topic)).statusCode()).isEqualTo(401);
            String unknownIss = Tokens.accessToken(shared, atClaims("https://other.example.com", json(RESOURCE), ALL));
            assertThat(h.post(unknownIss, form("x", false, topic)).statusCode())
                    .as("no fallback to the legacy key for an unknown iss").isEqualTo(401);
            assertThat(h.post(accessToken(shared, ALL), form("x", false, topic)).statusCode()).isEqualTo(200);
            assertThat(h.post(legacyToken(shared, "[\"*\"]", null), form("x", false, topic)).statusCode())
                    .as("typ JWT: the legacy issuer reads it").isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- protocol-eras.md: targets

    @Test
    @DisplayName("protocol-eras.md What never mixes: with a targets issuer, a 1.0 token publishing target= → 403; a "
            + "targeted update reaches the targets subscriber but never the oauth or legacy ones")
    void targetsNeverMix() {
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, OAUTH_SECRET), issuer(null, Dialect.LEGACY, LEGACY_SECRET),
                issuer(null, Dialect.TARGETS, TARGETS_SECRET)), b -> b.features(f -> f.legacy(true)))) {
            String topic = "https://example.com/r117";
            try (SseClient oauth = subscribe(h, accessToken(OAUTH_SECRET, ALL), "match=" + enc(topic));
                    SseClient legacy = subscribe(h, legacyToken(LEGACY_SECRET, null, "[\"*\"]"), "topic=" + enc(topic));
                    SseClient seed = subscribe(h, legacyToken(TARGETS_SECRET, null, "[\"alice\"]"),
                            "topic=" + enc(topic))) {
                for (SseClient c : List.of(oauth, legacy, seed)) {
                    assertThat(c.status()).isEqualTo(200);
                }
                HttpResponse<String> r = h.post(accessToken(OAUTH_SECRET, ALL), form("oauth-target", false, topic)
                        + "&target=alice");
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
                assertThat(h.post(legacyToken(LEGACY_SECRET, "[\"*\"]", null), form("legacy-target", false, topic)
                        + "&target=alice").statusCode()).isEqualTo(403);
                assertThat(h.post(legacyToken(TARGETS_SECRET, "[\"alice\"]", null), form("for-alice", false, topic)
                        + "&target=alice").statusCode()).isEqualTo(200);
                assertThat(nextData(seed)).isEqualTo("for-alice");
                String marker = "marker-117";
                assertThat(h.post(accessToken(OAUTH_SECRET, ALL), form(marker, false, topic)).statusCode())
                        .isEqualTo(200);
                assertThat(nextData(oauth)).isEqualTo(marker);
                assertThat(nextData(legacy)).isEqualTo(marker);
                assertThat(nextData(seed)).isEqualTo(marker);
            }
        }
    }

    // ---------------------------------------------------------------- protocol-eras.md: publicPublish

    @Test
    @DisplayName("protocol-eras.md oauth tokens: publicPublish lets a legacy token with publish [] publish public "
            + "updates, never an oauth token without a publish grant")
    void publicPublishNeverForAccessTokens() {
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, OAUTH_SECRET), issuer(null, Dialect.LEGACY, LEGACY_SECRET)),
                b -> b.features(f -> f.legacy(true)).auth(a -> a.publicPublish(true)))) {
            String topic = "https://example.com/r118";
            for (String token : List.of(accessToken(OAUTH_SECRET),
                    accessToken(OAUTH_SECRET, detail("[\"subscribe\"]", "[{\"match\":\"*\"}]")),
                    accessToken(OAUTH_SECRET, detail("[\"publish\"]", "[{\"match\":\"https://example.com/other\"}]")))) {
                HttpResponse<String> r = h.post(token, form("public", false, topic));
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
            }
            assertThat(h.post(legacyToken(LEGACY_SECRET, "[]", null), form("public", false, topic)).statusCode())
                    .as("control: the flag applies to the legacy token").isEqualTo(200);
            assertThat(h.post(legacyToken(LEGACY_SECRET, "[]", null), form("private", true, topic)).statusCode())
                    .isEqualTo(403);
        }
    }

    // ----------------------- configuration.md, draft-08 Presenting the Access Token: tokens in the URL

    @Test
    @DisplayName("configuration.md Where the token is read, draft-08 Presenting the Access Token: with "
            + "authorizationQuery on, a legacy token in ?authorization= works; an access token there is ignored (401 "
            + "with anonymous off), and ?access_token= is never read")
    void queryTokens() {
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, OAUTH_SECRET), issuer(null, Dialect.LEGACY, LEGACY_SECRET)),
                b -> b.features(f -> f.legacy(true)).auth(a -> a.authorizationQuery(true)))) {
            String topic = "https://example.com/r116";
            String legacy = legacyToken(LEGACY_SECRET, "[\"*\"]", "[\"" + topic + "\"]");
            String access = accessToken(OAUTH_SECRET, ALL);
            try (SseClient c = subscribe(h, null, "topic=" + enc(topic) + "&authorization=" + legacy)) {
                assertThat(c.status()).isEqualTo(200);
                assertThat(h.post(access, form("private-116", true, topic)).statusCode()).isEqualTo(200);
                assertThat(nextData(c)).as("the query token's grant applies").isEqualTo("private-116");
            }
            assertThat(h.post("/.well-known/mercure?authorization=" + legacy, null, form("x", false, topic), Map.of())
                    .statusCode()).as("publishing with a legacy query token").isEqualTo(200);
            for (String query : List.of("authorization=" + access, "access_token=" + access, "access_token=" + legacy)) {
                try (SseClient c = subscribe(h, null, "match=" + enc(topic) + "&" + query)) {
                    assertThat(c.status()).as(query).isEqualTo(401);
                    assertThat(c.headers().firstValue("WWW-Authenticate").orElse("")).as("no token was seen")
                            .doesNotContain("error=");
                }
                HttpResponse<String> r = h.post("/.well-known/mercure?" + query, null, form("x", false, topic), Map.of());
                assertThat(r.statusCode()).as(query).isEqualTo(401);
                assertThat(challenge(r)).doesNotContain("error=");
            }
        }
    }

    @Test
    @DisplayName("configuration.md Where the token is read, draft-08 Presenting the Access Token: with anonymous on, "
            + "an access token in ?authorization= or ?access_token= leaves the subscriber anonymous: it does not read "
            + "private updates")
    void queryAccessTokenIsAnonymous() {
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, OAUTH_SECRET), issuer(null, Dialect.LEGACY, LEGACY_SECRET)),
                b -> b.features(f -> f.legacy(true)).auth(a -> a.authorizationQuery(true)).anonymous(true))) {
            String topic = "https://example.com/r116-anon";
            String access = accessToken(OAUTH_SECRET, ALL);
            try (SseClient viaAuthorization = subscribe(h, null, "match=" + enc(topic) + "&authorization=" + access);
                    SseClient viaAccessToken = subscribe(h, null, "match=" + enc(topic) + "&access_token=" + access);
                    SseClient header = subscribe(h, access, "match=" + enc(topic))) {
                assertThat(viaAuthorization.status()).isEqualTo(200);
                assertThat(viaAccessToken.status()).isEqualTo(200);
                assertThat(h.post(access, form("private", true, topic)).statusCode()).isEqualTo(200);
                assertThat(h.post(access, form("public", false, topic)).statusCode()).isEqualTo(200);
                assertThat(nextData(header)).as("control: the same token in the header").isEqualTo("private");
                assertThat(nextData(viaAuthorization)).isEqualTo("public");
                assertThat(nextData(viaAccessToken)).isEqualTo("public");
            }
        }
    }

    @Test
    @DisplayName("configuration.md Where the token is read: without the switch, a legacy token in ?authorization= is "
            + "not read")
    void queryTokenOffByDefault() {
        try (TestHub h = hub(List.of(issuer(ISS, Dialect.OAUTH, OAUTH_SECRET), issuer(null, Dialect.LEGACY, LEGACY_SECRET)),
                b -> b.features(f -> f.legacy(true)))) {
            String topic = "https://example.com/r116-off";
            String legacy = legacyToken(LEGACY_SECRET, "[\"*\"]", "[\"*\"]");
            try (SseClient c = subscribe(h, null, "topic=" + enc(topic) + "&authorization=" + legacy)) {
                assertThat(c.status()).isEqualTo(401);
            }
            try (SseClient c = subscribe(h, legacy, "topic=" + enc(topic))) {
                assertThat(c.status()).as("control: the same token in the header").isEqualTo(200);
            }
        }
    }
}
