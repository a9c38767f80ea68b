package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.logging.CapturedLog;
import dev.quicksilver.server.logging.LogFormat;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The access log: one line per answered request, with its facts and never a token or a cookie. */
class AccessLogTest {

    @Test
    @DisplayName("JSON: a publish and a 404 logged with method, path, status, bytes, duration, remote, protocol; "
            + "the Authorization header, the cookie and the authorization query parameter never appear")
    void json() throws Exception {
        try (CapturedLog log = new CapturedLog(LogFormat.JSON, Level.INFO);
                TestHub hub = TestHub.start(b -> b.log(new dev.quicksilver.server.config.LogConfig(LogFormat.JSON,
                        Level.INFO, true)).auth(a -> a.authorizationQuery(true)))) {
            String token = TestHub.allAccess();
            String answer = hub.post("/.well-known/mercure?authorization=" + token + "&x=1", null,
                    "topic=https%3A%2F%2Fexample.com%2Faccess&data=1",
                    Map.of("Cookie", "mercureAuthorization=cookie-value-123")).body();
            hub.get("/no-such-page?Authorization=abc", Map.of("Authorization", "Bearer " + token));
            List<Map<String, Object>> lines = await().atMost(Duration.ofSeconds(5)).until(() -> access(log),
                    l -> l.size() >= 2);
            Map<String, Object> publish = lines.get(0);
            assertThat(publish).containsEntry("method", "POST")
                    .containsEntry("path", "/.well-known/mercure?authorization=REDACTED&x=1")
                    .containsEntry("status", "200").containsEntry("bytes", Integer.toString(answer.length()))
                    .containsEntry("remote", "127.0.0.1").containsEntry("protocol", "HTTP/1.1")
                    .containsEntry("level", "INFO").containsKey("duration_ms");
            assertThat(lines.get(1)).containsEntry("path", "/no-such-page?Authorization=REDACTED")
                    .containsEntry("status", "404");
            String all = String.join("\n", log.lines());
            assertThat(all).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain("cookie-value-123").doesNotContain("Bearer");
        }
    }

    @Test
    @DisplayName("text: a subscription is logged when its stream ends, with the bytes it received")
    void streamEnd() {
        try (CapturedLog log = new CapturedLog(LogFormat.TEXT, Level.INFO);
                TestHub hub = TestHub.start(b -> b.anonymous(true).log(new dev.quicksilver.server.config.LogConfig(
                        LogFormat.TEXT, Level.INFO, true)))) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            try (SseClient stream = SseClient.open(h2, hub.subscribeUri("https://example.com/s"), Map.of())) {
                hub.publish("hello", "https://example.com/s");
                stream.next(Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.contains("access - 127.0.0.1 \"GET /.well-known/mercure?topic=")));
            String line = log.lines().stream().filter(l -> l.contains("\"GET /.well-known/mercure?topic=")).findFirst()
                    .orElseThrow();
            assertThat(line).matches(".* INFO access - 127\\.0\\.0\\.1 \"GET /\\.well-known/mercure\\?topic=\\S+ "
                    + "HTTP/\\S+\" 200 \\d+ \\d+\\.\\d{3}ms");
        }
    }

    @Test
    @DisplayName("off by default: nothing is logged for a request")
    void offByDefault() {
        try (CapturedLog log = new CapturedLog(LogFormat.TEXT, Level.INFO); TestHub hub = TestHub.start()) {
            TestHub.send(HttpRequest.newBuilder(hub.uri("/healthz?off-by-default")).build());
            assertThat(log.lines()).noneMatch(l -> l.contains("off-by-default"));
        }
    }

    @Test
    @DisplayName("redaction: every spelling of the authorization parameter, and nothing else")
    void redaction() {
        assertThat(AccessLog.redact("/p")).isEqualTo("/p");
        assertThat(AccessLog.redact("/p?a=1&authorization=x.y.z&%61uthorization=t&AUTHORIZATION&b=2"))
                .isEqualTo("/p?a=1&authorization=REDACTED&%61uthorization=REDACTED&AUTHORIZATION=REDACTED&b=2");
    }

    private static List<Map<String, Object>> access(CapturedLog log) {
        return log.lines().stream().filter(l -> l.contains("\"logger\":\"quicksilver.access\"")).map(l -> {
            try {
                return JSONObjectUtils.parse(l);
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
