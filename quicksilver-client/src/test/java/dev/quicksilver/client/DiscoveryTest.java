package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Link headers, discovery from an application's resource, and a real hub's RFC 9728 metadata. */
class DiscoveryTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final URI BOOK = URI.create("https://example.com/books/1");

    @Test
    @DisplayName("Link: several links per value and per header, quoted values with commas and escapes, rel lists,"
            + " relative targets, the first rel only")
    void parsesLinks() {
        Discovery d = Discovery.of(BOOK, List.of(
                "</.well-known/mercure>; rel=\"mercure\"; last-event-id=\"urn:uuid:1,2\"; content-type=\"application/ld+json\","
                        + " <https://hub2.example.com/hub>;REL=mercure;key-set=\"https://example.com/keys\"",
                "<https://example.com/books/1?canonical>; rel=\"alternate self\"; rel=mercure",
                "garbage, <https://hub3.example.com/>; rel=\"mer\\\"cure\""));
        assertThat(d.hubs()).extracting(Discovery.HubLink::url).containsExactly(
                URI.create("https://example.com/.well-known/mercure"), URI.create("https://hub2.example.com/hub"));
        Discovery.HubLink first = d.hub();
        assertThat(first.lastEventId()).hasValue("urn:uuid:1,2");
        assertThat(first.contentType()).hasValue("application/ld+json");
        assertThat(d.hubs().get(1).keySet()).hasValue(URI.create("https://example.com/keys"));
        assertThat(d.topic()).isEqualTo(URI.create("https://example.com/books/1?canonical"));
        assertThat(Discovery.of(BOOK, List.of("<https://hub.example.com/>; rel=mercure")).topic()).isEqualTo(BOOK);
        assertThatThrownBy(() -> Discovery.of(BOOK, List.of()).hub()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no hub");
    }

    @Test
    @DisplayName("an application's resource names the real hub; the discovered subscriber receives the resource's update")
    void fetchAndSubscribe() throws Exception {
        try (RealHub hub = RealHub.start()) {
            HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String hubUrl = hub.url("/.well-known/mercure");
            app.createContext("/books/1", exchange -> {
                exchange.getResponseHeaders().add("Link", "<" + hubUrl + ">; rel=\"mercure\"");
                exchange.getResponseHeaders().add("Link", "<https://example.com/books/1>; rel=\"self\"");
                byte[] body = "{\"title\":\"Dune\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            app.createContext("/old", exchange -> {
                exchange.getResponseHeaders().add("Location", "/books/1");
                exchange.sendResponseHeaders(301, -1);
                exchange.close();
            });
            app.start();
            try {
                URI old = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/old");
                Discovery d = Discovery.fetch(HTTP, old);
                assertThat(d.resource().getPath()).isEqualTo("/books/1");
                assertThat(d.topic()).isEqualTo(BOOK);
                SubscriberTest.Received r = new SubscriberTest.Received();
                try (Subscriber s = r.listen(d.subscribe().token(RealHub.legacySubscriber())).connect()) {
                    SubscriberTest.awaitOpen(s, 1);
                    String id = MercureHub.builder(hubUrl).tokens(JwtTokenFactory.legacy(
                            SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).publish("*").build()).build()
                            .publish(Update.of("{\"title\":\"Dune Messiah\"}", BOOK.toString()));
                    assertThat(r.next().id()).isEqualTo(id);
                }
                assertThatThrownBy(() -> Discovery.fetch(HTTP, URI.create("http://127.0.0.1:"
                        + app.getAddress().getPort() + "/missing"))).isInstanceOf(IOException.class)
                        .hasMessageContaining("404");
            } finally {
                app.stop(0);
            }
        }
    }

    @Test
    @DisplayName("RFC 9728: the hub's metadata names its issuer and the access-token cookie; metadata about another"
            + " resource is refused")
    void resourceMetadata() throws Exception {
        try (RealHub hub = RealHub.start(b -> b.listen(l -> l.host("127.0.0.1").port(0).publicUrl(null)))) {
            String publicUrl = "http://localhost:" + hub.port() + "/.well-known/mercure";
            assertThat(ProtectedResourceMetadata.url(publicUrl).toString()).isEqualTo("http://localhost:" + hub.port()
                    + "/.well-known/oauth-protected-resource/.well-known/mercure");
            ProtectedResourceMetadata m = ProtectedResourceMetadata.fetch(HTTP, publicUrl);
            assertThat(m.resource()).isEqualTo(publicUrl);
            assertThat(m.authorizationServers()).containsExactly(RealHub.ISSUER);
            assertThat(m.bearerMethodsSupported()).contains("header");
            assertThat(m.cookieName()).isEqualTo(AuthorizationCookie.ACCESS_TOKEN_NAME);
            // the same document reached under another name is about another resource
            assertThatThrownBy(() -> ProtectedResourceMetadata.fetch(HTTP, hub.url("/.well-known/mercure")))
                    .isInstanceOf(IOException.class).hasMessageContaining("9728");
        }
        assertThatThrownBy(() -> ProtectedResourceMetadata.parse("{\"authorization_servers\":[]}"))
                .isInstanceOf(IOException.class).hasMessageContaining("resource");
        assertThatThrownBy(() -> ProtectedResourceMetadata.parse("<html>")).isInstanceOf(IOException.class);
    }
}
