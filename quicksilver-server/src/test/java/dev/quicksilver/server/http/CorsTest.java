package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.CorsConfig;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
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

/**
 * Cross-origin access from browsers, over real sockets: allowlisted origins with credentials on
 * streams, publishes and errors, unlisted origins, {@code *} without credentials, exposed headers
 * and preflights (Mercure draft-08 "Subscription"; Fetch Standard, CORS protocol; docs/configuration.md
 * "Browsers: CORS").
 */
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.net";
    private static final int MAX_BODY = 4096;

    /** An allowlist of two origins. */
    private static TestHub hub;
    /** {@code *}. */
    private static TestHub any;

    @BeforeAll
    static void start() {
        hub = TestHub.start(b -> b.threads(2).anonymous(true).limits(l -> l.maxBodySize(MAX_BODY))
                .cors(new CorsConfig(List.of(APP, "https://other.example.com"))));
        any = TestHub.start(b -> b.threads(1).anonymous(true).cors(new CorsConfig(List.of("*"))));
    }

    @AfterAll
    static void stop() {
        hub.close();
        any.close();
    }

    private static String allowOrigin(HttpHeaders h) {
        return h.firstValue("Access-Control-Allow-Origin").orElse(null);
    }

    private static String allowCredentials(HttpHeaders h) {
        return h.firstValue("Access-Control-Allow-Credentials").orElse(null);
    }

    /** A comma-separated header's values, lower-cased. */
    private static List<String> values(HttpHeaders h, String name) {
        return h.allValues(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList();
    }

    private static void assertCredentialed(HttpHeaders h, String origin) {
        assertThat(allowOrigin(h)).isEqualTo(origin);
        assertThat(allowCredentials(h)).isEqualTo("true");
        assertThat(values(h, "Vary")).as("Vary names Origin once").containsOnlyOnce("origin");
    }

    private static void assertNoCors(HttpHeaders h) {
        assertThat(allowOrigin(h)).isNull();
        assertThat(allowCredentials(h)).isNull();
        assertThat(h.firstValue("Access-Control-Expose-Headers")).isEmpty();
    }

    private static HttpResponse<String> preflight(TestHub h, String path, String origin, String method, String headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(h.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            r.header("Access-Control-Request-Headers", headers);
        }
        return TestHub.send(r.build());
    }

    @Test
    @DisplayName("draft-08 Subscription: an allowlisted origin gets Allow-Origin = itself and Allow-Credentials: true "
            + "on a stream")
    void streamAllowed() {
        try (SseClient c = SseClient.open(hub.subscribeUri("a"), Map.of("Origin", APP))) {
            assertThat(c.status()).isEqualTo(200);
            assertCredentialed(c.headers(), APP);
        }
        try (SseClient c = SseClient.open(hub.subscribeUri("a"), Map.of("Origin", "https://other.example.com"))) {
            assertCredentialed(c.headers(), "https://other.example.com");
        }
    }

    @Test
    @DisplayName("draft-08 Subscription: … and on a publish and on error answers (401, 400, 404)")
    void publishAndErrorsAllowed() {
        HttpResponse<String> ok = hub.post("/.well-known/mercure", TestHub.allAccess(), "topic=a", Map.of("Origin", APP));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertCredentialed(ok.headers(), APP);
        HttpResponse<String> unauthorized = hub.post("/.well-known/mercure", null, "topic=a", Map.of("Origin", APP));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertCredentialed(unauthorized.headers(), APP);
        HttpResponse<String> bad = hub.post("/.well-known/mercure", TestHub.allAccess(), "data=x", Map.of("Origin", APP));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertCredentialed(bad.headers(), APP);
        HttpResponse<String> missingTopic = hub.get("/.well-known/mercure", Map.of("Origin", APP));
        assertThat(missingTopic.statusCode()).isEqualTo(400);
        assertCredentialed(missingTopic.headers(), APP);
        HttpResponse<String> notFound = hub.get("/nowhere", Map.of("Origin", APP));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertCredentialed(notFound.headers(), APP);
    }

    @Test
    @DisplayName("draft-08 Subscription: … and on a 413 for a body over the limit, so a browser can read the status")
    void tooLargeAllowed() {
        HttpResponse<String> r = hub.post("/.well-known/mercure", TestHub.allAccess(),
                "topic=a&data=" + "x".repeat(MAX_BODY), Map.of("Origin", APP));
        assertThat(r.statusCode()).isEqualTo(413);
        assertCredentialed(r.headers(), APP);
        HttpResponse<String> evil = hub.post("/.well-known/mercure", TestHub.allAccess(),
                "topic=a&data=" + "x".repeat(MAX_BODY), Map.of("Origin", EVIL));
        assertThat(evil.statusCode()).isEqualTo(413);
        assertNoCors(evil.headers());
    }

    @Test
    @DisplayName("draft-08 Subscription: a non-allowlisted origin gets no CORS headers (stream, publish, error)")
    void notAllowed() {
        try (SseClient c = SseClient.open(hub.subscribeUri("a"), Map.of("Origin", EVIL))) {
            assertThat(c.status()).isEqualTo(200);
            assertNoCors(c.headers());
        }
        HttpResponse<String> published = hub.post("/.well-known/mercure", TestHub.allAccess(), "topic=a", Map.of("Origin", EVIL));
        assertNoCors(published.headers());
        assertNoCors(hub.get("/.well-known/mercure", Map.of("Origin", EVIL)).headers());
        // Near misses: scheme, port, case of the host and a suffix are other origins.
        for (String near : List.of("http://app.example.com", "https://app.example.com:8443", "https://APP.example.com",
                "https://app.example.com.evil.net", "null")) {
            try (SseClient c = SseClient.open(hub.subscribeUri("a"), Map.of("Origin", near))) {
                assertThat(c.status()).isEqualTo(200);
                assertNoCors(c.headers());
            }
        }
    }

    @Test
    @DisplayName("no Origin header (same-origin or not a browser): no CORS headers")
    void noOrigin() {
        assertNoCors(hub.get("/.well-known/mercure", Map.of()).headers());
    }

    @Test
    @DisplayName("Fetch CORS protocol: with * configured → Access-Control-Allow-Origin: * and never Allow-Credentials")
    void wildcard() {
        try (SseClient c = SseClient.open(any.subscribeUri("a"), Map.of("Origin", EVIL))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(allowOrigin(c.headers())).isEqualTo("*");
            assertThat(allowCredentials(c.headers())).isNull();
        }
        HttpResponse<String> error = any.post("/.well-known/mercure", null, "topic=a", Map.of("Origin", APP));
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(allowOrigin(error.headers())).isEqualTo("*");
        assertThat(allowCredentials(error.headers())).isNull();
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: Access-Control-Expose-Headers includes Link and Last-Event-ID")
    void exposedHeaders() {
        try (SseClient c = SseClient.open(hub.subscribeUri("a"), Map.of("Origin", APP, "Last-Event-ID", "x"))) {
            assertThat(values(c.headers(), "Access-Control-Expose-Headers")).contains("link", "last-event-id");
            assertThat(c.headers().firstValue("Last-Event-ID")).isPresent();
        }
        HttpResponse<String> r = any.get("/.well-known/mercure", Map.of("Origin", APP));
        assertThat(values(r.headers(), "Access-Control-Expose-Headers")).contains("link", "last-event-id");
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: a preflight from an allowed origin → 204 with the methods and the "
            + "headers authorization, cache-control, last-event-id")
    void preflightAllowed() {
        HttpResponse<String> r = preflight(hub, "/.well-known/mercure", APP, "GET", "authorization, last-event-id");
        assertThat(r.statusCode()).isEqualTo(204);
        assertCredentialed(r.headers(), APP);
        assertThat(values(r.headers(), "Access-Control-Allow-Methods")).contains("get", "head", "post");
        assertThat(values(r.headers(), "Access-Control-Allow-Headers"))
                .contains("authorization", "cache-control", "last-event-id");
        assertThat(r.body()).isEmpty();
        HttpResponse<String> post = preflight(hub, "/.well-known/mercure", APP, "POST", "authorization, content-type");
        assertThat(post.statusCode()).isEqualTo(204);
        assertThat(values(post.headers(), "Access-Control-Allow-Headers")).contains("authorization");
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: a preflight from a non-allowed origin → 403 without CORS headers")
    void preflightRefused() {
        HttpResponse<String> r = preflight(hub, "/.well-known/mercure", EVIL, "GET", "authorization");
        assertThat(r.statusCode()).isEqualTo(403);
        assertNoCors(r.headers());
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: with * any origin passes the preflight, without credentials")
    void preflightWildcard() {
        HttpResponse<String> r = preflight(any, "/.well-known/mercure", EVIL, "GET", "last-event-id");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(allowOrigin(r.headers())).isEqualTo("*");
        assertThat(allowCredentials(r.headers())).isNull();
        assertThat(values(r.headers(), "Access-Control-Allow-Headers")).contains("last-event-id");
    }

    @Test
    @DisplayName("configuration.md Browsers: CORS: the seed-era hub path /hub answers preflights too")
    void preflightSeedPath() {
        HttpResponse<String> r = preflight(hub, "/hub", APP, "POST", "authorization");
        assertThat(r.statusCode()).isEqualTo(204);
        assertCredentialed(r.headers(), APP);
    }
}
