package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.TestHub;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StaticPagesTest {

    @Test
    @DisplayName("/healthz answers 200 ok; / is a welcome page when the debugger is off; /demo/ is off")
    void productionPages() {
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(false)))) {
            HttpResponse<String> health = hub.get("/healthz", Map.of());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            // Pages that read no query are not refused for a query they do not read.
            assertThat(hub.get("/healthz?x=%FF", Map.of()).statusCode()).isEqualTo(200);
            HttpResponse<String> root = hub.get("/", Map.of());
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(root.body()).contains("Quicksilver").doesNotContain("Quicksilver debugger");
            assertThat(hub.get("/demo/books/1.jsonld", Map.of()).statusCode()).isEqualTo(404);
            assertThat(hub.get("/nothing", Map.of()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("ui on (the default): the debugger page at /.well-known/mercure/debug/, with no secret in it")
    void debugger() {
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(true)))) {
            HttpResponse<String> page = hub.get("/.well-known/mercure/debug/", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Quicksilver debugger").doesNotContain(TestHub.SECRET);
            assertThat(page.headers().firstValue("content-security-policy")).isPresent();
            assertThat(hub.get("/", Map.of()).body()).doesNotContain("Quicksilver debugger");
            // No playground: no token for the page.
            assertThat(hub.get("/.well-known/mercure/debug/token", Map.of()).statusCode()).isEqualTo(404);
        }
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(false)))) {
            assertThat(hub.get("/.well-known/mercure/debug/", Map.of()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("the welcome page at / tells where the debugger is: its link with ui on, how to turn it on with ui "
            + "off; in demo mode / is the debugger itself")
    void welcomeTellsWhereTheDebuggerIs() {
        String link = "<a href=\"/.well-known/mercure/debug/\">";
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(true).legacy(true)))) {
            String root = hub.get("/", Map.of()).body();
            assertThat(root).contains(link).doesNotContain("is off").doesNotContain("{{")
                    .contains("?match=…").contains("?topic=…");
            assertThat(hub.get("/.well-known/mercure/debug/", Map.of()).statusCode()).isEqualTo(200);
        }
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.ui(false).legacy(false)))) {
            String root = hub.get("/", Map.of()).body();
            assertThat(root).doesNotContain(link).contains("The debugger page is off")
                    .contains("<code>QUICKSILVER_UI=1</code> to serve it at <code>/.well-known/mercure/debug/</code>")
                    .contains("?match=…").doesNotContain("topic=");
            assertThat(hub.get("/.well-known/mercure/debug/", Map.of()).statusCode()).isEqualTo(404);
        }
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.demo(true).ui(false)))) {
            assertThat(hub.get("/", Map.of()).body()).contains("Quicksilver debugger");
        }
    }

    @Test
    @DisplayName("demo documents echo their body with the Link header, and set or clear the cookie from jwt")
    void demoDocuments() {
        try (TestHub hub = TestHub.start(b -> b.features(f -> f.demo(true)))) {
            HttpResponse<String> doc = hub.get("/demo/books/1.jsonld?body=" + TestHub.encode("{\"@id\":\"/books/1\"}")
                    + "&jwt=abc.def.ghi", Map.of());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.headers().firstValue("content-type")).hasValue("application/ld+json");
            assertThat(doc.body()).isEqualTo("{\"@id\":\"/books/1\"}");
            assertThat(doc.headers().allValues("link")).contains("</.well-known/mercure>; rel=\"mercure\"",
                    "</demo/books/1.jsonld>; rel=\"self\"");
            List<String> cookies = doc.headers().allValues("set-cookie");
            assertThat(cookies).hasSize(2).allMatch(c -> c.startsWith("mercureAuthorization=abc.def.ghi;")
                    && c.contains("HTTPOnly") && c.contains("SameSite=Strict"));
            assertThat(cookies).anyMatch(c -> c.contains("Path=/hub")).anyMatch(c -> c.contains("Path=/.well-known/mercure"));
            HttpResponse<String> cleared = hub.get("/demo/x.txt", Map.of());
            assertThat(cleared.headers().allValues("set-cookie")).allMatch(c -> c.contains("Max-Age=0"));
        }
    }
}
