package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.V1Support.HUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.CorsConfig;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CORS on a 1.0-only hub over real sockets (Mercure draft-08 "Subscription" and "Subscription API";
 * Fetch Standard, CORS protocol; docs/configuration.md "Browsers: CORS"): credentialed answers for
 * allowlisted origins, nothing for others, {@code *} never with credentials, the exposed headers a
 * 1.0 client reads ({@code Link}, {@code Mercure-Last-Event-ID}), preflights for every 1.0 method,
 * on the hub, the subscriptions API and the RFC 9728 metadata.
 */
class CorsV1Test {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.net";
    private static final String METADATA = "/.well-known/oauth-protected-resource/.well-known/mercure";
    private static final String SUBSCRIPTIONS = "/.well-known/mercure/subscriptions";

    /** An allowlist. */
    private static TestHub hub;
    /** {@code *} plus one listed origin. */
    private static TestHub any;

    @BeforeAll
    static void start() {
        hub = V1Support.v1Hub(b -> b.features(f -> f.subscriptions(true))
                .cors(new CorsConfig(List.of(APP, "https://other.example.com"))));
        any = V1Support.v1Hub(b -> b.threads(1).features(f -> f.subscriptions(true))
                .cors(new CorsConfig(List.of("*", APP))));
    }

    @AfterAll
    static void stop() {
        hub.close();
        any.close();
    }

    private static String reader() {
        return AccessTokens.token("reader", AccessTokens.detail("subscribe", AccessTokens.exact("*")));
    }

    private static HttpResponse<String> get(TestHub h, String path, String token, String origin) {
        HttpRequest.Builder r = HttpRequest.newBuilder(h.uri(path)).GET().header("Origin", origin);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return TestHub.send(r.build());
    }

    private static HttpResponse<String> preflight(TestHub h, String path, String origin, String method, String headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(h.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            r.header("Access-Control-Request-Headers", headers);
        }
        return TestHub.send(r.build());
    }

    /** A comma-separated header's values, lower-cased. */
    private static List<String> values(HttpHeaders h, String name) {
        return h.allValues(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList();
    }

    private static void assertCredentialed(HttpHeaders h, String origin) {
        assertThat(h.allValues("Access-Control-Allow-Origin")).containsExactly(origin);
        assertThat(h.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(values(h, "Vary")).contains("origin");
    }

    private static void assertNoCors(HttpHeaders h) {
        assertThat(h.firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(h.firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(h.firstValue("Access-Control-Expose-Headers")).isEmpty();
    }

    private static void assertExposes1x(HttpHeaders h) {
        assertThat(values(h, "Access-Control-Expose-Headers")).contains("link", "mercure-last-event-id");
    }

    @Test
    @DisplayName("draft-08 Subscription: an allowlisted origin → Allow-Origin = that origin and Allow-Credentials: "
            + "true (stream, QUERY, publish, API, errors)")
    void allowlisted() {
        try (Stream s = V1Support.get(hub, HUB + "?match=a", reader(), Map.of("Origin", APP))) {
            assertThat(s.status()).isEqualTo(200);
            assertCredentialed(s.headers(), APP);
        }
        try (Stream s = V1Support.query(hub, HUB, "application/x-www-form-urlencoded", "match=a", reader(),
                Map.of("Origin", "https://other.example.com"))) {
            assertThat(s.status()).isEqualTo(200);
            assertCredentialed(s.headers(), "https://other.example.com");
        }
        HttpResponse<String> published = hub.post(HUB, AccessTokens.publisher(), "topic=a&data=x", Map.of("Origin", APP));
        assertThat(published.statusCode()).isEqualTo(200);
        assertCredentialed(published.headers(), APP);
        HttpResponse<String> api = get(hub, SUBSCRIPTIONS, AccessTokens.token("admin",
                AccessTokens.detail("subscribe", AccessTokens.exact(SUBSCRIPTIONS))), APP);
        assertThat(api.statusCode()).isEqualTo(200);
        assertCredentialed(api.headers(), APP);
        // Errors too, or a page could not read why it was refused: 401, 403, 400.
        HttpResponse<String> unauthorized = get(hub, HUB + "?match=a", null, APP);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertCredentialed(unauthorized.headers(), APP);
        HttpResponse<String> forbidden = hub.post(HUB, AccessTokens.token("nobody"), "topic=a", Map.of("Origin", APP));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertCredentialed(forbidden.headers(), APP);
        HttpResponse<String> bad = get(hub, HUB + "?MATCH=a", reader(), APP);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertCredentialed(bad.headers(), APP);
    }

    @Test
    @DisplayName("draft-08 Subscription: an origin not on the list gets no Access-Control-Allow-Origin (near misses "
            + "included)")
    void notListed() {
        for (String origin : List.of(EVIL, "http://app.example.com", "https://app.example.com:8443",
                "https://app.example.com.evil.net", "https://APP.example.com", "null")) {
            try (Stream s = V1Support.get(hub, HUB + "?match=a", reader(), Map.of("Origin", origin))) {
                assertThat(s.status()).isEqualTo(200);
                assertNoCors(s.headers());
            }
            assertNoCors(hub.post(HUB, AccessTokens.publisher(), "topic=a&data=x", Map.of("Origin", origin)).headers());
            assertNoCors(get(hub, METADATA, null, origin).headers());
        }
    }

    @Test
    @DisplayName("Fetch CORS protocol: * is never combined with credentials: any origin gets *, without "
            + "Allow-Credentials; a listed origin gets itself with credentials")
    void wildcardWithoutCredentials() {
        try (Stream s = V1Support.get(any, HUB + "?match=a", reader(), Map.of("Origin", EVIL))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
            assertThat(s.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertExposes1x(s.headers());
        }
        for (HttpResponse<String> r : List.of(get(any, METADATA, null, EVIL), get(any, HUB + "?match=a", null, EVIL),
                any.post(HUB, AccessTokens.publisher(), "topic=a&data=x", Map.of("Origin", EVIL)),
                preflight(any, HUB, EVIL, "GET", "authorization"))) {
            assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
        try (Stream s = V1Support.get(any, HUB + "?match=a", reader(), Map.of("Origin", APP))) {
            assertCredentialed(s.headers(), APP);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription API, configuration.md Browsers: CORS: Access-Control-Expose-Headers includes "
            + "Link and Mercure-Last-Event-ID (stream, API, publish)")
    void exposedHeaders() {
        try (Stream s = V1Support.get(hub, HUB + "?match=a&last_event_id=x", reader(), Map.of("Origin", APP))) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
            assertExposes1x(s.headers());
        }
        HttpResponse<String> api = get(hub, SUBSCRIPTIONS, AccessTokens.token("admin",
                AccessTokens.detail("subscribe", AccessTokens.exact(SUBSCRIPTIONS))), APP);
        assertThat(api.headers().firstValue("Link")).isPresent();
        assertExposes1x(api.headers());
        assertExposes1x(hub.post(HUB, AccessTokens.publisher(), "topic=a&data=x", Map.of("Origin", APP)).headers());
    }

    @ParameterizedTest(name = "configuration.md Browsers: CORS: a preflight for {0} on the hub → 204 allowing GET, "
            + "HEAD, POST, QUERY and authorization, cache-control, last-event-id")
    @ValueSource(strings = {"GET", "HEAD", "POST", "QUERY"})
    void preflight(String method) {
        HttpResponse<String> r = preflight(hub, HUB, APP, method, "authorization, cache-control, last-event-id");
        assertThat(r.statusCode()).isEqualTo(204);
        assertCredentialed(r.headers(), APP);
        assertThat(values(r.headers(), "Access-Control-Allow-Methods")).contains("get", "head", "post", "query")
                .contains(method.toLowerCase(Locale.ROOT));
        assertThat(values(r.headers(), "Access-Control-Allow-Headers"))
                .contains("authorization", "cache-control", "last-event-id");
        assertThat(r.body()).isEmpty();
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: a QUERY preflight with a form Content-Type header is allowed "
            + "(content-type is an allowed header)")
    void preflightQueryWithContentType() {
        HttpResponse<String> r = preflight(hub, HUB, APP, "QUERY", "content-type, last-event-id");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(values(r.headers(), "Access-Control-Allow-Headers")).contains("content-type", "last-event-id");
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: preflights on the subscriptions API and on the metadata → 204 for "
            + "an allowed origin, 403 for another")
    void preflightOtherEndpoints() {
        for (String path : List.of(SUBSCRIPTIONS, SUBSCRIPTIONS + "/exact/a", METADATA)) {
            HttpResponse<String> r = preflight(hub, path, APP, "GET", "authorization");
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertCredentialed(r.headers(), APP);
            assertThat(values(r.headers(), "Access-Control-Allow-Headers")).contains("authorization");
            HttpResponse<String> refused = preflight(hub, path, EVIL, "GET", "authorization");
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertNoCors(refused.headers());
        }
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS, draft-08 Protected Resource Metadata: the metadata endpoint answers "
            + "CORS too (a browser client discovers the authorization server)")
    void metadata() {
        HttpResponse<String> r = get(hub, METADATA, null, APP);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"resource\"");
        assertCredentialed(r.headers(), APP);
        HttpResponse<String> head = TestHub.send(HttpRequest.newBuilder(hub.uri(METADATA))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Origin", APP).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertCredentialed(head.headers(), APP);
    }
}
