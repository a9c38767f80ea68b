package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The original Mercure talk's quick start, started with its environment variables: the curl
 * publish with the talk's token, subscriptions on /hub, and targeted updates through the
 * {@code mercureAuthorization} cookie. (The browser half is in {@code QuickStartBrowserTest}.)
 */
class QuickStartTest {
    /** The talk's token: {"mercure":{"publish":[]}} signed with !ChangeMe!. */
    static final String TALK_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0"
            + ".Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0";
    static final String KEY = "!ChangeMe!";
    static final String USER = "http://example.com/users/1234";

    private static TestHub hub;

    /** The talk's variables, except that the test listens on a free port instead of :3000. */
    static HubConfig talkConfig(boolean allowAnonymous) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ADDR", "127.0.0.1:0", "JWT_KEY", KEY,
                "CORS_ALLOWED_ORIGINS", "http://localhost:8000", "DEMO", "1"));
        if (allowAnonymous) {
            env.put("ALLOW_ANONYMOUS", "1");
        }
        return ConfigLoader.load(env, Map.of()).config();
    }

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(talkConfig(false));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static HttpResponse<String> curl(String token, String form) {
        return TestHub.send(HttpRequest.newBuilder(hub.uri("/hub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    @Test
    @DisplayName("the talk's curl: {\"mercure\":{\"publish\":[]}} publishes a public update and gets its id")
    void talkCurl() {
        try (SseClient subscriber = SseClient.open(hub.uri("/hub?topic=http://example.com/my-resource"))) {
            assertThat(subscriber.status()).isEqualTo(200);
            HttpResponse<String> r = curl(TALK_TOKEN, "topic=http://example.com/my-resource&data=My payload");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("urn:uuid:");
            SseEvent e = subscriber.next();
            assertThat(e.data()).isEqualTo("My payload");
            assertThat(e.id()).isEqualTo(r.body());
        }
    }

    @Test
    @DisplayName("several topic parameters and the template http://example.com/resources/{id}")
    void severalTopicsAndTemplate() {
        URI uri = hub.uri("/hub?topic=http://example.com/my-resource&topic=" + TestHub.encode("http://example.com/resources/{id}"));
        try (SseClient subscriber = SseClient.open(uri)) {
            curl(TALK_TOKEN, "topic=http://example.com/resources/42&data=templated");
            curl(TALK_TOKEN, "topic=http://example.com/my-resource&data=exact");
            curl(TALK_TOKEN, "topic=http://example.com/other/1&data=unrelated");
            curl(TALK_TOKEN, "topic=http://example.com/my-resource&data=last");
            assertThat(subscriber.until("last", Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .containsExactly("templated", "exact", "last");
        }
    }

    @Test
    @DisplayName("a targeted update reaches the subscriber whose cookie lists the target, and no other")
    void targetedUpdate() {
        String publisher = Tokens.mercure(KEY, "[\"" + USER + "\"]", null);
        String alice = Tokens.mercure(KEY, null, "[\"" + USER + "\"]");
        String bob = Tokens.mercure(KEY, null, "[\"http://example.com/users/5678\"]");
        URI uri = hub.uri("/hub?topic=http://example.com/books/1");
        try (SseClient target = SseClient.open(uri, Map.of("Cookie", "mercureAuthorization=" + alice));
                SseClient other = SseClient.open(uri, Map.of("Cookie", "mercureAuthorization=" + bob));
                SseClient anonymous = SseClient.open(uri)) {
            assertThat(target.status()).isEqualTo(200);
            HttpResponse<String> r = curl(publisher, "topic=http://example.com/books/1&data=for 1234&target=" + USER);
            assertThat(r.statusCode()).isEqualTo(200);
            curl(publisher, "topic=http://example.com/books/1&data=for everyone");
            // Published last, "for everyone" shows what each received before it.
            assertThat(target.until("for everyone", Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .containsExactly("for 1234", "for everyone");
            assertThat(other.until("for everyone", Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .containsExactly("for everyone");
            assertThat(anonymous.until("for everyone", Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .containsExactly("for everyone");
        }
    }

    @Test
    @DisplayName("a publisher may not target a user its token does not list")
    void targetNotGranted() {
        String publisher = Tokens.mercure(KEY, "[\"" + USER + "\"]", null);
        HttpResponse<String> r = curl(publisher, "topic=http://example.com/books/1&data=x&target=http://example.com/users/1");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("www-authenticate").orElse("")).contains("insufficient_scope");
        assertThat(curl(TALK_TOKEN, "topic=http://example.com/books/1&data=x&target=" + USER).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("DEMO=1 lets subscribers in without a token and serves the debugger page")
    void demo() {
        assertThat(hub.server().hub().config().auth().anonymous()).isTrue();
        HttpResponse<String> page = hub.get("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Quicksilver debugger");
    }
}
