package dev.quicksilver.server.v1;

import static dev.quicksilver.server.support.Tokens.atClaims;
import static dev.quicksilver.server.support.Tokens.detail;
import static dev.quicksilver.server.support.Tokens.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mercure 1.0 access tokens over real sockets (Mercure draft-08 "Authorization" and its subsections:
 * "Presenting the Access Token", "Error Responses", "Token Validation", "Authorization Details",
 * "Publishers", "Subscribers", "Topic Matcher List", "Payloads"): RFC 9068 validation, token transport,
 * authorization details, publish grants and private delivery, on a hub that trusts only {@code oauth}
 * issuers.
 *
 * <p>"Not dispatched" and "not delivered" are shown without waiting for silence: a marker published
 * afterwards must be the next event the subscriber sees.
 */
@DisplayName("1.0 access tokens")
class AccessTokenTest {
    static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    static final String METADATA = "https://hub.example.com/.well-known/oauth-protected-resource/.well-known/mercure";
    static final String ISS_A = "https://as-a.example.com";
    static final String ISS_B = "https://as-b.example.com";
    static final String ISS_RSA = "https://as-rsa.example.com";
    static final String SECRET_A = "secret-of-issuer-a-0123456789abcdef";
    static final String SECRET_B = "secret-of-issuer-b-0123456789abcdef";
    static final RSAKey RSA = Tokens.rsaKey(null);
    static final String ALL = detail("[\"publish\",\"subscribe\"]", "[{\"match\":\"*\"}]");

    /** Three oauth issuers (two HS256 secrets, one RSA PEM), no legacy key, anonymous off. */
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(b -> b.threads(2)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).issuers(List.of(
                        oauth(ISS_A, SECRET_A, null), oauth(ISS_B, SECRET_B, null),
                        oauth(ISS_RSA, Tokens.pem(RSA), "RS256"))))
                .features(f -> f.legacy(false))
                .listen(l -> l.publicUrl(RESOURCE)));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static IssuerSpec oauth(String id, String material, String alg) {
        KeySpec key = new KeySpec(material, alg, Dialect.OAUTH, "test");
        return new IssuerSpec(id, Dialect.OAUTH, List.of(key), List.of(key), null, null, "test " + id);
    }

    // ---------------------------------------------------------------- helpers

    /** A valid HS256 access token of issuer A for this hub, with these details. */
    static String tokenA(String... details) {
        return Tokens.accessToken(SECRET_A, atClaims(ISS_A, json(RESOURCE), details));
    }

    static String publishOn(String... topics) {
        return detail("[\"publish\"]", exactTopics(topics));
    }

    static String subscribeOn(String... topics) {
        return detail("[\"subscribe\"]", exactTopics(topics));
    }

    static String exactTopics(String... topics) {
        return Stream.of(topics).map(t -> "{\"match\":" + json(t) + "}").collect(Collectors.joining(",", "[", "]"));
    }

    static String enc(String s) {
        return TestHub.encode(s);
    }

    /** A publish form: the topics (the first canonical), the data, and private when asked. */
    static String form(String data, boolean privateUpdate, String... topics) {
        StringBuilder f = new StringBuilder("data=" + enc(data));
        for (String t : topics) {
            f.append("&topic=").append(enc(t));
        }
        return privateUpdate ? f.append("&private=on").toString() : f.toString();
    }

    static HttpResponse<String> post(String token, String form) {
        return hub.post(token, form);
    }

    static HttpResponse<String> post(Map<String, String> headers, String form) {
        return hub.post("/.well-known/mercure", null, form, headers);
    }

    static int publish(String token, String data, boolean privateUpdate, String... topics) {
        return post(token, form(data, privateUpdate, topics)).statusCode();
    }

    /** Opens a stream with this query (already encoded) and this token in the header (null: none). */
    static SseClient subscribe(String token, String query) {
        return SseClient.open(hub.uri("/.well-known/mercure?" + query),
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    static SseClient subscribe(String query, Map<String, String> headers) {
        return SseClient.open(hub.uri("/.well-known/mercure?" + query), headers);
    }

    static String challenge(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElse("");
    }

    static String challenge(SseClient c) {
        return c.headers().firstValue("WWW-Authenticate").orElse("");
    }

    /** A public marker on this topic, published with full access; returns its data. */
    static String marker(String topic) {
        String data = "marker-" + System.nanoTime();
        assertThat(publish(tokenA(ALL), data, false, topic)).isEqualTo(200);
        return data;
    }

    static String nextData(SseClient client) {
        SseEvent e = client.next();
        assertThat(e).as("an event").isNotNull();
        return e.data();
    }

    static void assertInvalidToken(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(challenge(r)).startsWith("Bearer").contains("error=\"invalid_token\"")
                .contains("resource_metadata=\"" + METADATA + "\"");
    }

    static final String TOPIC = "https://example.com/at";
    static final String FORM = form("hello", false, TOPIC);

    // -------------------------------- draft-08 Error Responses, Token Validation: signature, algorithm

    @Test
    @DisplayName("draft-08 Error Responses: no token on POST → 401, a bare Bearer challenge with resource_metadata and "
            + "no error")
    void noTokenOnPublish() {
        HttpResponse<String> r = post(Map.of(), FORM);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).startsWith("Bearer").doesNotContain("error=")
                .contains("resource_metadata=\"" + METADATA + "\"");
        assertThat(post(tokenA(ALL), FORM).statusCode()).as("the same form with a token").isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: a bad signature → 401 invalid_token; the same claims signed by the issuer "
            + "→ 200")
    void badSignature() {
        String claims = atClaims(ISS_A, json(RESOURCE), ALL);
        assertInvalidToken(post(Tokens.accessToken(SECRET_B, claims), FORM));
        String good = Tokens.accessToken(SECRET_A, claims);
        String[] parts = good.split("\\.");
        String flipped = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertInvalidToken(post(flipped, FORM));
        assertThat(post(good, FORM).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: alg none (with typ at+jwt and valid claims) → 401 invalid_token, on "
            + "publish and subscribe")
    void algNone() {
        String claims = atClaims(ISS_A, json(RESOURCE), ALL);
        for (String alg : List.of("none", "None", "NONE")) {
            String token = Tokens.unsigned("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}", claims);
            assertInvalidToken(post(token, FORM));
            try (SseClient c = subscribe(token, "match=" + enc(TOPIC))) {
                assertThat(c.status()).isEqualTo(401);
                assertThat(challenge(c)).contains("error=\"invalid_token\"");
            }
        }
    }

    @Test
    @DisplayName("draft-08 Token Validation: an HS512 token for issuer A's HS256 secret → 401; HS256 with the same "
            + "secret → 200")
    void otherHmacAlgorithm() {
        String claims = atClaims(ISS_A, json(RESOURCE), ALL);
        assertInvalidToken(post(Tokens.withHeader("{\"alg\":\"HS512\",\"typ\":\"at+jwt\"}", SECRET_A, claims), FORM));
        assertInvalidToken(post(Tokens.withHeader("{\"alg\":\"HS384\",\"typ\":\"at+jwt\"}", SECRET_A, claims), FORM));
        assertThat(post(Tokens.withHeader("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", SECRET_A, claims), FORM)
                .statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: an HS256 token using the RSA issuer's PEM text as HMAC secret → 401; "
            + "RS256 with its key → 200")
    void rsaPemAsHmacSecret() {
        String claims = atClaims(ISS_RSA, json(RESOURCE), ALL);
        String pem = Tokens.pem(RSA);
        assertInvalidToken(post(Tokens.accessToken(pem, claims), FORM));
        assertInvalidToken(post(Tokens.accessToken(pem.strip(), claims), FORM));
        assertThat(post(Tokens.accessToken(RSA, claims), FORM).statusCode()).isEqualTo(200);
    }

    // --------------------------------------------- draft-08 Token Validation: typ, exp, aud, iss, keys

    @Test
    @DisplayName("draft-08 Token Validation, protocol-eras.md: typ JWT (or none) is read as a legacy token → 401 on a "
            + "hub without a legacy issuer; AT+JWT and application/at+jwt are access tokens → 200")
    void typ() {
        String claims = atClaims(ISS_A, json(RESOURCE), ALL);
        assertInvalidToken(post(Tokens.withHeader("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", SECRET_A, claims), FORM));
        assertInvalidToken(post(Tokens.withHeader("{\"alg\":\"HS256\"}", SECRET_A, claims), FORM));
        assertInvalidToken(post(Tokens.withHeader("{\"alg\":\"HS256\",\"typ\":\"at+jwt+x\"}", SECRET_A, claims), FORM));
        for (String typ : List.of("at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT")) {
            String token = Tokens.withHeader("{\"alg\":\"HS256\",\"typ\":\"" + typ + "\"}", SECRET_A, claims);
            assertThat(post(token, FORM).statusCode()).as(typ).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("draft-08 Token Validation: no exp → 401; expired → 401; nbf in the future → 401; nbf in the past → "
            + "200")
    void times() {
        long now = Instant.now().getEpochSecond();
        String base = "\"iss\":" + json(ISS_A) + ",\"aud\":" + json(RESOURCE) + ",\"authorization_details\":[" + ALL + "]";
        assertInvalidToken(post(Tokens.accessToken(SECRET_A, "{" + base + "}"), FORM));
        assertInvalidToken(post(Tokens.accessToken(SECRET_A, "{" + base + ",\"exp\":" + (now - 60) + "}"), FORM));
        assertInvalidToken(post(Tokens.accessToken(SECRET_A,
                "{" + base + ",\"exp\":" + (now + 3600) + ",\"nbf\":" + (now + 600) + "}"), FORM));
        assertThat(post(Tokens.accessToken(SECRET_A, "{" + base + ",\"exp\":" + (now + 3600) + ",\"nbf\":" + (now - 60)
                + "}"), FORM).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: an aud without the resource id → 401 (missing, another hub, the origin "
            + "only, a prefix); an array aud containing it → 200")
    void audience() {
        for (String aud : new String[] {null, json("https://other.example.com/.well-known/mercure"),
                json("https://hub.example.com"), json(RESOURCE + "/"), "[" + json("https://other.example.com") + "]",
                "[]"}) {
            assertInvalidToken(post(Tokens.accessToken(SECRET_A, atClaims(ISS_A, aud, ALL)), FORM));
        }
        String array = "[" + json("https://other.example.com") + "," + json(RESOURCE) + "]";
        assertThat(post(Tokens.accessToken(SECRET_A, atClaims(ISS_A, array, ALL)), FORM).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: an unknown iss → 401; no iss → 401; A's key claiming iss B → 401 (and B's "
            + "claiming A); B's own token → 200")
    void issuer() {
        assertInvalidToken(post(Tokens.accessToken(SECRET_A, atClaims("https://unknown.example.com", json(RESOURCE), ALL)),
                FORM));
        String noIss = "{\"aud\":" + json(RESOURCE) + ",\"exp\":" + (Instant.now().getEpochSecond() + 600)
                + ",\"authorization_details\":[" + ALL + "]}";
        assertInvalidToken(post(Tokens.accessToken(SECRET_A, noIss), FORM));
        assertInvalidToken(post(Tokens.accessToken(SECRET_A, atClaims(ISS_B, json(RESOURCE), ALL)), FORM));
        assertInvalidToken(post(Tokens.accessToken(SECRET_B, atClaims(ISS_A, json(RESOURCE), ALL)), FORM));
        assertInvalidToken(post(Tokens.accessToken(RSA, atClaims(ISS_A, json(RESOURCE), ALL)), FORM));
        assertThat(post(Tokens.accessToken(SECRET_B, atClaims(ISS_B, json(RESOURCE), ALL)), FORM).statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: a token carrying its own jwk header (an attacker's key that does verify "
            + "it) → 401; the same claims signed by the issuer's key → 200")
    void embeddedJwk() {
        RSAKey attacker = Tokens.rsaKey(null);
        for (String iss : List.of(ISS_RSA, ISS_A)) {
            String claims = atClaims(iss, json(RESOURCE), ALL);
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                    .jwk(attacker.toPublicJWK()).build();
            assertInvalidToken(post(Tokens.sign(header, attacker, claims), FORM));
            RSAKey withKid = new RSAKey.Builder(attacker).keyID("attacker").build();
            JWSHeader withKidHeader = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                    .keyID("attacker").jwk(withKid.toPublicJWK()).build();
            assertInvalidToken(post(Tokens.sign(withKidHeader, withKid, claims), FORM));
        }
        assertThat(post(Tokens.accessToken(RSA, atClaims(ISS_RSA, json(RESOURCE), ALL)), FORM).statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Token Validation: jku and x5u headers are never fetched: the attacker's key served there is "
            + "not used → 401")
    void jkuAndX5uNeverFetched() throws IOException {
        RSAKey attacker = Tokens.rsaKey("evil");
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = ("{\"keys\":[" + attacker.toPublicJWK().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            URI where = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            String claims = atClaims(ISS_RSA, json(RESOURCE), ALL);
            JWSHeader jku = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID("evil")
                    .jwkURL(where).build();
            assertInvalidToken(post(Tokens.sign(jku, attacker, claims), FORM));
            JWSHeader x5u = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).keyID("evil")
                    .x509CertURL(where).build();
            assertInvalidToken(post(Tokens.sign(x5u, attacker, claims), FORM));
            assertThat(requests.get()).as("requests to the jku/x5u location").isZero();
        } finally {
            server.stop(0);
        }
    }

    // ---------------------------------------------- draft-08 Authorization Details, Topic Matcher List

    static final String VALID_PUBLISH = publishOn(TOPIC);

    static Stream<Arguments> malformedDetails() {
        String pub = "[\"publish\"]";
        return Stream.of(
                Arguments.of("a bare-string topic", detail(pub, "[" + json(TOPIC) + "]")),
                Arguments.of("a topic without match", detail(pub, "[{\"match_type\":\"exact\"}]")),
                Arguments.of("an empty match", detail(pub, "[{\"match\":\"\"}]")),
                Arguments.of("a null match", detail(pub, "[{\"match\":null}]")),
                Arguments.of("an unknown match_type", detail(pub, "[{\"match\":\"x\",\"match_type\":\"regexp\"}]")),
                Arguments.of("empty actions", detail("[]", exactTopics(TOPIC))),
                Arguments.of("no actions", "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"topics\":" + exactTopics(TOPIC) + "}"),
                Arguments.of("empty topics", detail(pub, "[]")),
                Arguments.of("no topics", "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"actions\":" + pub + "}"));
    }

    @ParameterizedTest(name = "draft-08 Authorization Details: {0} in one detail → 401 invalid_token, though another "
            + "detail is valid")
    @MethodSource("malformedDetails")
    void malformedDetailRejectsToken(String what, String malformed) {
        assertInvalidToken(post(tokenA(VALID_PUBLISH, malformed), FORM));
        assertInvalidToken(post(tokenA(malformed, VALID_PUBLISH), FORM));
        try (SseClient c = subscribe(tokenA(subscribeOn(TOPIC), malformed), "match=" + enc(TOPIC))) {
            assertThat(c.status()).isEqualTo(401);
            assertThat(challenge(c)).contains("error=\"invalid_token\"");
        }
    }

    @Test
    @DisplayName("draft-08 Authorization Details (control): the valid detail alone publishes, and subscribes")
    void validDetailAlone() {
        assertThat(post(tokenA(VALID_PUBLISH), FORM).statusCode()).isEqualTo(200);
        try (SseClient c = subscribe(tokenA(subscribeOn(TOPIC)), "match=" + enc(TOPIC))) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("draft-08 Authorization Details: unknown actions are ignored: [\"delete\",\"subscribe\"] reads "
            + "private updates, [\"delete\",\"publish\"] publishes, [\"delete\"] alone is valid but grants nothing "
            + "(403)")
    void unknownActions() {
        String topic = "https://example.com/r52";
        try (SseClient c = subscribe(tokenA(detail("[\"delete\",\"subscribe\"]", exactTopics(topic))),
                "match=" + enc(topic))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(detail("[\"delete\",\"publish\"]", exactTopics(topic))), "secret-52", true, topic))
                    .isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("secret-52");
        }
        HttpResponse<String> r = post(tokenA(detail("[\"delete\"]", exactTopics(topic))), form("x", false, topic));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
    }

    @Test
    @DisplayName("draft-08 Authorization Details: details of other types are ignored whatever their shape; alone they "
            + "grant nothing (draft-08 Publishers: 403)")
    void otherDetailTypes() {
        String[] others = {
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"123.50\"}}",
            "{\"type\":\"https://example.com/other\",\"actions\":\"publish\",\"topics\":\"*\"}",
            "{\"type\":\"https://example.com/other\",\"actions\":[],\"topics\":[]}",
            "{\"type\":\"https://example.com/other\",\"actions\":[\"publish\"],\"topics\":[\"" + TOPIC + "\"]}",
            "{\"type\":\"https://mercure.rocks/authorization-detail/\",\"actions\":[\"publish\"],\"topics\":[{\"match\":\"*\"}]}",
            "{\"type\":42,\"topics\":[1,2,3]}",
        };
        assertThat(post(tokenA(Stream.concat(Stream.of(others), Stream.of(VALID_PUBLISH)).toArray(String[]::new)), FORM)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> r = post(tokenA(others), FORM);
        assertThat(r.statusCode()).as("no Mercure detail among them: no grant").isEqualTo(403);
        assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
    }

    static String[] details(int n) {
        return IntStream.range(0, n).mapToObj(i -> publishOn("t" + i)).toArray(String[]::new);
    }

    static String[] topics(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> "t" + i).toArray(String[]::new);
    }

    @Test
    @DisplayName("draft-08 Authorization Details: 101 Mercure details → 401, 100 → 200; 101 topics in one detail → "
            + "401, 100 → 200; 60 + 41 topics over two details → 401")
    void limits() {
        String form = form("x", false, "t0");
        assertInvalidToken(post(tokenA(details(101)), form));
        assertThat(post(tokenA(details(100)), form).statusCode()).isEqualTo(200);
        assertInvalidToken(post(tokenA(publishOn(topics(0, 101))), form));
        assertThat(post(tokenA(publishOn(topics(0, 100))), form).statusCode()).isEqualTo(200);
        assertInvalidToken(post(tokenA(publishOn(topics(0, 60)), publishOn(topics(60, 41))), form));
        String[] manyOthers = IntStream.range(0, 150).mapToObj(i -> "{\"type\":\"other\"}").toArray(String[]::new);
        String[] withOthers = Stream.concat(Stream.of(manyOthers), Stream.of(publishOn("t0"))).toArray(String[]::new);
        assertThat(post(tokenA(withOthers), form).statusCode()).as("other types do not count").isEqualTo(200);
    }

    // ------------------------------------------------------------ draft-08 Presenting the Access Token

    @Test
    @DisplayName("draft-08 Error Responses: Authorization: Bearer x → 400 invalid_request, on publish and subscribe")
    void malformedHeader() {
        HttpResponse<String> r = post(Map.of("Authorization", "Bearer x"), FORM);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(challenge(r)).contains("error=\"invalid_request\"");
        try (SseClient c = subscribe("match=" + enc(TOPIC), Map.of("Authorization", "Bearer x"))) {
            assertThat(c.status()).isEqualTo(400);
            assertThat(challenge(c)).contains("error=\"invalid_request\"");
        }
    }

    @Test
    @DisplayName("draft-08 Authorization HTTP Header, RFC 9110 §11.1: the scheme is case-insensitive: bearer and "
            + "BEARER are accepted")
    void lowercaseScheme() {
        assertThat(post(Map.of("Authorization", "bearer " + tokenA(ALL)), FORM).statusCode()).isEqualTo(200);
        try (SseClient c = subscribe("match=" + enc(TOPIC), Map.of("Authorization", "BEARER " + tokenA(ALL)))) {
            assertThat(c.status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("draft-08 Presenting the Access Token, Cookie: the header beats the cookie; the "
            + "__Secure-mercure_access_token cookie alone authenticates")
    void headerBeatsCookie() {
        String topic = "https://example.com/r57";
        String good = tokenA(subscribeOn(topic));
        String bad = Tokens.accessToken(SECRET_B, atClaims(ISS_A, json(RESOURCE), ALL));
        String cookie = "__Secure-mercure_access_token=";
        try (SseClient c = subscribe("match=" + enc(topic),
                Map.of("Authorization", "Bearer " + bad, "Cookie", cookie + good))) {
            assertThat(c.status()).as("forged header, valid cookie").isEqualTo(401);
        }
        try (SseClient c = subscribe("match=" + enc(topic), Map.of("Cookie", cookie + bad))) {
            assertThat(c.status()).as("forged cookie alone").isEqualTo(401);
        }
        try (SseClient header = subscribe("match=" + enc(topic),
                Map.of("Authorization", "Bearer " + good, "Cookie", cookie + bad));
                SseClient alone = subscribe("match=" + enc(topic), Map.of("Cookie", cookie + good))) {
            assertThat(header.status()).as("valid header, forged cookie").isEqualTo(200);
            assertThat(alone.status()).as("valid cookie alone").isEqualTo(200);
            assertThat(publish(tokenA(ALL), "private-57", true, topic)).isEqualTo(200);
            assertThat(nextData(header)).isEqualTo("private-57");
            assertThat(nextData(alone)).as("the cookie's grant applies").isEqualTo("private-57");
        }
    }

    // ------------------------------------------------------------- draft-08 Publishers: publish grants

    @Test
    @DisplayName("draft-08 Publishers: a publish not granted on every topic (canonical or alternate) → 403 "
            + "insufficient_scope, and nothing is dispatched")
    void publishNeedsEveryTopic() {
        String book = "https://example.com/r59/books/1";
        String alternate = "https://example.com/r59/users/1/books/1";
        try (SseClient observer = subscribe(tokenA(ALL), "match_urlpattern=" + enc("https://example.com/r59/*"))) {
            assertThat(observer.status()).isEqualTo(200);
            HttpResponse<String> r = post(tokenA(publishOn(book)), form("alt-not-granted", true, book, alternate));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(challenge(r)).startsWith("Bearer").contains("error=\"insufficient_scope\"");
            r = post(tokenA(publishOn(alternate)), form("canonical-not-granted", false, book, alternate));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(post(tokenA(publishOn(book, alternate)), form("both-granted", true, book, alternate))
                    .statusCode()).isEqualTo(200);
            assertThat(nextData(observer)).as("the refused updates were not dispatched").isEqualTo("both-granted");
        }
    }

    @Test
    @DisplayName("draft-08 Publishers, Authorization Details: a valid token without Mercure details → 403 "
            + "insufficient_scope on publish; it subscribes, to public updates only")
    void noDetails() {
        String topic = "https://example.com/r60";
        HttpResponse<String> r = post(tokenA(), form("x", false, topic));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).contains("error=\"insufficient_scope\"");
        r = post(tokenA(subscribeOn(topic)), form("x", false, topic));
        assertThat(r.statusCode()).as("a subscribe grant does not publish").isEqualTo(403);
        try (SseClient c = subscribe(tokenA(), "match=" + enc(topic))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "private-60", true, topic)).isEqualTo(200);
            String m = marker(topic);
            assertThat(nextData(c)).isEqualTo(m);
        }
    }

    // ---------------------------------------------------------- draft-08 Subscribers: private delivery

    @Test
    @DisplayName("draft-08 Subscribers: routed by match_urlpattern=https://e/books/:id with an exact grant on books/1 "
            + "→ receives private books/1, not private books/2")
    void routingVersusGrant() {
        String pattern = "https://e.example.com/r65/books/:id";
        try (SseClient c = subscribe(tokenA(subscribeOn("https://e.example.com/r65/books/1")),
                "match_urlpattern=" + enc(pattern))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "book-2", true, "https://e.example.com/r65/books/2")).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "book-1", true, "https://e.example.com/r65/books/1")).isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("book-1");
            String m = marker("https://e.example.com/r65/books/3");
            assertThat(nextData(c)).as("public books/3 is routed and public").isEqualTo(m);
        }
    }

    @Test
    @DisplayName("draft-08 Subscribers: the alternate topic authorizes: grant urlpattern https://e/users/42/*, routed "
            + "by match_urlpattern=https://e/books/:id, private update on books/1 + users/42/books/1 is delivered")
    void alternateTopic() {
        String book = "https://e.example.com/r66/books/1";
        String grant = detail("[\"subscribe\"]",
                "[{\"match\":\"https://e.example.com/r66/users/42/*\",\"match_type\":\"urlpattern\"}]");
        try (SseClient c = subscribe(tokenA(grant), "match_urlpattern=" + enc("https://e.example.com/r66/books/:id"))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "canonical-only", true, book)).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "user-43", true, book, "https://e.example.com/r66/users/43/books/1"))
                    .isEqualTo(200);
            assertThat(publish(tokenA(ALL), "user-42", true, book, "https://e.example.com/r66/users/42/books/1"))
                    .isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("user-42");
        }
    }

    @Test
    @DisplayName("draft-08 Subscribers: a private update the grant matches but no matcher routes is not delivered")
    void grantDoesNotRoute() {
        try (SseClient c = subscribe(tokenA(detail("[\"subscribe\"]", "[{\"match\":\"*\"}]")),
                "match=" + enc("https://example.com/r68/a"))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "not-routed", true, "https://example.com/r68/b")).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "routed", true, "https://example.com/r68/a")).isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("routed");
        }
    }

    @Test
    @DisplayName("draft-08 Topic Matcher List: {\"match\":\"*\"} and {\"match\":\"*\",\"match_type\":\"urlpattern\"} "
            + "grant every topic, to subscribe and to publish")
    void wildcardGrants() {
        String exactStar = detail("[\"publish\",\"subscribe\"]", "[{\"match\":\"*\"}]");
        String patternStar = detail("[\"publish\",\"subscribe\"]", "[{\"match\":\"*\",\"match_type\":\"urlpattern\"}]");
        String topic = "urn:r70:" + System.nanoTime();
        try (SseClient exact = subscribe(tokenA(exactStar), "match=" + enc(topic));
                SseClient pattern = subscribe(tokenA(patternStar), "match=" + enc(topic));
                SseClient none = subscribe(tokenA(subscribeOn("urn:other")), "match=" + enc(topic))) {
            assertThat(publish(tokenA(exactStar), "by-exact-star", true, topic, "https://x.example.com/anything"))
                    .isEqualTo(200);
            assertThat(publish(tokenA(patternStar), "by-pattern-star", true, topic, "https://y.example.com/else"))
                    .isEqualTo(200);
            for (SseClient c : List.of(exact, pattern)) {
                assertThat(nextData(c)).isEqualTo("by-exact-star");
                assertThat(nextData(c)).isEqualTo("by-pattern-star");
            }
            String m = marker(topic);
            assertThat(nextData(none)).as("control: a grant on another topic reads neither").isEqualTo(m);
        }
    }

    @Test
    @DisplayName("draft-08 URL Pattern: a relative URL-pattern grant resolves against the public URL "
            + "(https://hub.example.com)")
    void relativePatternGrant() {
        String grant = detail("[\"publish\"]", "[{\"match\":\"/r70/books/:id\",\"match_type\":\"urlpattern\"}]");
        assertThat(publish(tokenA(grant), "x", false, "https://hub.example.com/r70/books/1")).isEqualTo(200);
        assertThat(publish(tokenA(grant), "x", false, "https://other.example.com/r70/books/1")).isEqualTo(403);
        assertThat(publish(tokenA(grant), "x", false, "http://hub.example.com/r70/books/1")).isEqualTo(403);
        String sub = detail("[\"subscribe\"]", "[{\"match\":\"/r70/books/:id\",\"match_type\":\"urlpattern\"}]");
        try (SseClient c = subscribe(tokenA(sub), "match_urlpattern=" + enc("https://*.example.com/r70/books/:id"))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "other-host", true, "https://other.example.com/r70/books/2")).isEqualTo(200);
            assertThat(publish(tokenA(ALL), "this-hub", true, "https://hub.example.com/r70/books/2")).isEqualTo(200);
            assertThat(nextData(c)).isEqualTo("this-hub");
        }
    }

    // ---------------------------------------------------------------- draft-08 Payloads

    @Test
    @DisplayName("draft-08 Payloads: a subscription event's payload comes from the first subscribe detail matching its "
            + "matcher; a * detail is the default, whatever its place")
    void payloadResolution() throws Exception {
        try (TestHub h = TestHub.start(b -> b.threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of())
                        .issuers(List.of(oauth(ISS_A, SECRET_A, null))))
                .features(f -> f.legacy(false).subscriptions(true))
                .listen(l -> l.publicUrl(RESOURCE)))) {
            String subject = Tokens.accessToken(SECRET_A, atClaims(ISS_A, json(RESOURCE),
                    "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"actions\":[\"subscribe\"],\"topics\":[{\"match\":\"*\"}],"
                            + "\"payload\":{\"which\":\"default\"}}",
                    "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"actions\":[\"publish\"],"
                            + "\"topics\":[{\"match\":\"https://e.example.com/a\"}],\"payload\":{\"which\":\"publish-only\"}}",
                    "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"actions\":[\"subscribe\"],"
                            + "\"topics\":[{\"match\":\"https://e.example.com/a\"}],\"payload\":{\"which\":\"first\"}}",
                    "{\"type\":\"" + Tokens.DETAIL_TYPE + "\",\"actions\":[\"subscribe\"],"
                            + "\"topics\":[{\"match\":\"https://e.example.com/:x\",\"match_type\":\"urlpattern\"}],"
                            + "\"payload\":{\"which\":\"second\"}}"));
            String observerToken = Tokens.accessToken(SECRET_A, atClaims(ISS_A, json(RESOURCE), ALL));
            Map<String, Map<String, Object>> byMatch = new HashMap<>();
            try (SseClient observer = SseClient.open(h.uri("/.well-known/mercure?match_urlpattern="
                    + enc("/.well-known/mercure/subscriptions/*")), Map.of("Authorization", "Bearer " + observerToken))) {
                assertThat(observer.status()).isEqualTo(200);
                String query = Stream.of("https://e.example.com/a", "https://e.example.com/b", "https://f.example.com/c")
                        .map(m -> "match=" + enc(m)).collect(Collectors.joining("&"));
                try (SseClient s = SseClient.open(h.uri("/.well-known/mercure?" + query),
                        Map.of("Authorization", "Bearer " + subject))) {
                    assertThat(s.status()).isEqualTo(200);
                    List<SseEvent> seen = new ArrayList<>();
                    while (byMatch.size() < 3) {
                        SseEvent e = observer.next(Duration.ofSeconds(5));
                        assertThat(e).as("subscription events so far: " + seen).isNotNull();
                        seen.add(e);
                        Map<String, Object> doc = JSONObjectUtils.parse(e.data());
                        String match = (String) doc.get("match");
                        if (match != null && !match.startsWith("/")) {
                            assertThat(e.type()).isEqualTo("mercure");
                            byMatch.put(match, doc);
                        }
                    }
                }
            }
            assertThat(byMatch.get("https://e.example.com/a").get("payload")).isEqualTo(Map.of("which", "first"));
            assertThat(byMatch.get("https://e.example.com/b").get("payload")).isEqualTo(Map.of("which", "second"));
            assertThat(byMatch.get("https://f.example.com/c").get("payload")).isEqualTo(Map.of("which", "default"));
        }
    }
}
