package dev.quicksilver.server.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.config.TlsConfig;
import dev.quicksilver.server.support.H2Client;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.TestTls;
import dev.quicksilver.server.support.Tokens;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS (OpenSSL and the JDK's), ALPN, HTTP/2 and h2c, over real sockets. */
class Http2Test {
    private static final String TOPIC = "https://example.com/books/1";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TestHub.allAccess());

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    @DisplayName("HTTPS: several SSE streams share one HTTP/2 connection and all receive a publish made on it")
    void manyStreamsOneConnection(SslProvider provider) throws Exception {
        try (TestHub hub = TestHub.startTls(provider, b -> b)) {
            HttpClient h2 = TestHub.https(HttpClient.Version.HTTP_2);
            List<SseClient> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    streams.add(SseClient.open(h2, hub.subscribeUri(TOPIC), AUTH));
                }
                for (SseClient s : streams) {
                    assertThat(s.status()).isEqualTo(200);
                    assertThat(s.version()).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(s.headers().firstValue("content-type")).hasValue("text/event-stream");
                }
                HttpResponse<String> published = TestHub.send(h2, HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                        .header("Content-Type", "application/x-www-form-urlencoded").headers("Authorization", AUTH.get("Authorization"))
                        .POST(HttpRequest.BodyPublishers.ofString("topic=" + TestHub.encode(TOPIC) + "&data=over+h2")).build());
                assertThat(published.statusCode()).isEqualTo(200);
                assertThat(published.version()).isEqualTo(HttpClient.Version.HTTP_2);
                for (SseClient s : streams) {
                    SseEvent e = s.next();
                    assertThat(e).isNotNull();
                    assertThat(e.data()).isEqualTo("over h2");
                }
                assertThat(hub.server().connectionsAccepted()).isEqualTo(1);
                assertThat(hub.server().subscribers()).isEqualTo(4);
            } finally {
                streams.forEach(SseClient::close);
            }
        }
    }

    @Test
    @DisplayName("HTTPS with an HTTP/1.1 client: SSE and publish work as in cleartext")
    void http11OverTls() {
        try (TestHub hub = TestHub.startTls(SslProvider.OPENSSL, b -> b)) {
            try (SseClient s = SseClient.open(TestHub.https(HttpClient.Version.HTTP_1_1), hub.subscribeUri(TOPIC), AUTH)) {
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(hub.publish("over tls", TOPIC).statusCode()).isEqualTo(200);
                assertThat(s.next().data()).isEqualTo("over tls");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    @DisplayName("ALPN: h2 when offered, http/1.1 when only it is offered, and HTTP/1.1 when the client names none")
    void alpn(SslProvider provider) throws Exception {
        try (TestHub hub = TestHub.startTls(provider, b -> b)) {
            assertThat(handshake(hub, "h2", "http/1.1")).isEqualTo("h2");
            assertThat(handshake(hub, "http/1.1")).isEqualTo("http/1.1");
            assertThat(handshake(hub)).isEmpty();
            assertThat(healthOverRawTls(hub, "http/1.1")).startsWith("HTTP/1.1 200");
            assertThat(healthOverRawTls(hub)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    @DisplayName("h2c: a cleartext connection that opens with the HTTP/2 preface speaks HTTP/2; HTTP/1.1 still works")
    void h2cPriorKnowledge() {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port())) {
            H2Client.Stream health = client.get("/healthz", Map.of());
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.ended.orTimeout(5, TimeUnit.SECONDS).join()).isTrue();
            assertThat(health.data()).isEqualTo("ok\n");

            H2Client.Stream sse = client.get("/.well-known/mercure?topic=" + TestHub.encode(TOPIC), AUTH);
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers.join().get("content-type")).hasToString("text/event-stream");
            H2Client.Stream publish = client.request("POST", "/.well-known/mercure",
                    Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/x-www-form-urlencoded"),
                    "topic=" + TestHub.encode(TOPIC) + "&data=h2c&id=h2c-1", true);
            assertThat(publish.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.data().contains("data: h2c\n"));
            assertThat(sse.data()).startsWith(":\n").contains("id: h2c-1\n");
            assertThat(hub.server().connectionsAccepted()).isEqualTo(1);

            assertThat(hub.get("/healthz", Map.of()).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(hub.get("/healthz", Map.of()).body()).isEqualTo("ok\n");
        }
    }

    @Test
    @DisplayName("a stream whose window stays closed is reset once past its buffer; the other streams of its connection go on")
    void slowStreamIsResetAlone() {
        int buffer = 16 * 1024;
        try (TestHub hub = TestHub.start(b -> b.streams(s -> s.subscriberBuffer(buffer).heartbeat(Duration.ZERO)));
                // Small stream windows, a large connection window: only the slow stream's own window closes.
                H2Client client = new H2Client(hub.port(), null, Http2Settings.defaultSettings().initialWindowSize(4096),
                        64 << 20)) {
            String path = "/.well-known/mercure?topic=" + TestHub.encode(TOPIC);
            H2Client.Stream fast = client.get(path, AUTH);
            H2Client.Stream slow = client.request("GET", path, AUTH, null, false); // never read: its window never opens
            assertThat(fast.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.server().subscribers() == 2);

            String payload = "x".repeat(1000);
            int sent = 0;
            // One event at a time, each delivered to the fast stream before the next: the count then
            // reflects the hub's cut (its own count), not how far a loaded machine let dispatch lag.
            while (hub.server().slowDisconnects() == 0 && sent < 200) {
                assertThat(hub.publish(payload + sent, TOPIC).statusCode()).isEqualTo(200);
                String delivered = "data: " + payload + sent + "\n";
                await().atMost(Duration.ofSeconds(5)).until(() -> fast.data().contains(delivered));
                sent++;
            }
            assertThat(slow.reset).succeedsWithin(Duration.ofSeconds(5));
            // Once its window (4 KiB) and its buffer were used up, not before, not long after (an event
            // is about 1 KiB on the wire); the fast stream got everything.
            assertThat(sent).isBetween((4096 + buffer) / 1100, (4096 + buffer) / 1000 + 8);
            int total = sent;
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.data().contains("data: " + payload + (total - 1) + "\n"));
            assertThat(hub.server().slowDisconnects()).isEqualTo(1);
            assertThat(hub.server().subscribers()).isEqualTo(1);

            hub.publish("after the reset", TOPIC);
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.data().contains("data: after the reset\n"));
            assertThat(fast.ended).isNotDone();
            assertThat(client.connection().isActive()).isTrue();
        }
    }

    @Test
    @DisplayName("over HTTP/2, idle streams get heartbeats and end cleanly (END_STREAM) at their deadline; the connection stays")
    void heartbeatAndEnd() {
        try (TestHub hub = TestHub.start(b -> b.streams(s -> s.heartbeat(Duration.ofSeconds(1))
                .maxLife(Duration.ofSeconds(4))));
                H2Client client = new H2Client(hub.port())) {
            H2Client.Stream sse = client.get("/.well-known/mercure?topic=" + TestHub.encode(TOPIC), AUTH);
            assertThat(sse.status()).isEqualTo(200);
            // The opening comment, then at least one heartbeat (more if the machine is slow to look).
            await().atMost(Duration.ofSeconds(4)).until(() -> sse.data().matches("(:\n){2,}"));
            assertThat(sse.ended.orTimeout(6, TimeUnit.SECONDS).join()).as("END_STREAM").isTrue();
            assertThat(sse.reset).isNotDone();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.server().subscribers() == 0);
            assertThat(client.get("/healthz", Map.of()).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("over HTTP/2 a stream ends (END_STREAM) when its token expires; another stream of the connection goes on")
    void tokenExpiry() {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port())) {
            long exp = System.currentTimeMillis() / 1000 + 4; // 3 to 4 s left: time to subscribe on a slow machine
            String token = Tokens.hs256(TestHub.SECRET, "{\"exp\":" + exp + ",\"mercure\":{\"subscribe\":[\"*\"]}}");
            String path = "/.well-known/mercure?topic=" + TestHub.encode(TOPIC);
            H2Client.Stream expiring = client.get(path, Map.of("Authorization", "Bearer " + token));
            H2Client.Stream other = client.get(path, AUTH);
            assertThat(expiring.status()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(200);
            assertThat(expiring.ended).succeedsWithin(Duration.ofSeconds(10)).as("END_STREAM").isEqualTo(true);
            hub.publish("after the expiry", TOPIC);
            await().atMost(Duration.ofSeconds(5)).until(() -> other.data().contains("data: after the expiry\n"));
            assertThat(expiring.data()).doesNotContain("after the expiry");
        }
    }

    @Test
    @DisplayName("over HTTP/2 a reconnection with Last-Event-ID replays the missed events, then goes live")
    void replay() {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port())) {
            for (int i = 1; i <= 3; i++) {
                hub.post(TestHub.allAccess(), "topic=" + TestHub.encode(TOPIC) + "&data=event+" + i + "&id=e" + i);
            }
            H2Client.Stream sse = client.get("/.well-known/mercure?topic=" + TestHub.encode(TOPIC),
                    Map.of("Authorization", AUTH.get("Authorization"), "Last-Event-ID", "e1"));
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers.join().get("last-event-id")).hasToString("e1");
            hub.publish("event 4", TOPIC);
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.data().contains("data: event 4\n"));
            assertThat(sse.data()).doesNotContain("event 1").containsSubsequence("data: event 2\n", "data: event 3\n",
                    "data: event 4\n");
        }
    }

    @Test
    @DisplayName("an HTTP/2 connection without streams is closed after the read timeout; one with a stream is kept")
    void idleConnection() {
        // The stream opens first, and 2 s leave a loaded machine time between a connection's
        // SETTINGS and its first request: a connection is streamless (and may be closed) until then.
        try (TestHub hub = TestHub.start(b -> b.limits(l -> l.readTimeout(Duration.ofSeconds(2))));
                H2Client streaming = new H2Client(hub.port())) {
            H2Client.Stream sse = streaming.get("/.well-known/mercure?topic=" + TestHub.encode(TOPIC), AUTH);
            assertThat(sse.status()).isEqualTo(200);
            try (H2Client idle = new H2Client(hub.port())) {
                assertThat(idle.get("/healthz", Map.of()).status()).isEqualTo(200);
                assertThat(idle.goAway).succeedsWithin(Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(10)).until(() -> !idle.connection().isActive());
            }
            // The streaming connection has read nothing for longer than the read timeout by now.
            assertThat(streaming.connection().isActive()).isTrue();
            assertThat(streaming.goAway).isNotDone();
            assertThat(sse.ended).isNotDone();
        }
    }

    @Test
    @DisplayName("shutdown: GOAWAY on the HTTP/2 connection, and its streams end cleanly with END_STREAM")
    void shutdown() {
        TestHub hub = TestHub.start();
        try (H2Client client = new H2Client(hub.port())) {
            H2Client.Stream sse = client.get("/.well-known/mercure?topic=" + TestHub.encode(TOPIC), AUTH);
            assertThat(sse.status()).isEqualTo(200);
            hub.close();
            assertThat(client.goAway).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0L);
            assertThat(sse.ended).succeedsWithin(Duration.ofSeconds(5)).as("END_STREAM").isEqualTo(true);
            assertThat(sse.reset).isNotDone();
        } finally {
            hub.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    @DisplayName("a key file that holds no key stops the start with a message naming the files")
    void badKey(SslProvider provider) {
        assertThatThrownBy(() -> TestHub.startTls(provider, b -> b.tls(new TlsConfig(TestTls.CERT, TestTls.CERT))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls-key " + TestTls.CERT);
    }

    /** The protocol the hub chose by ALPN for these offered protocols ("" for none). */
    private static String handshake(TestHub hub, String... protocols) throws Exception {
        try (SSLSocket socket = socket(hub, protocols)) {
            socket.startHandshake();
            return socket.getApplicationProtocol();
        }
    }

    private static String healthOverRawTls(TestHub hub, String... protocols) throws Exception {
        try (SSLSocket socket = socket(hub, protocols)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static SSLSocket socket(TestHub hub, String... protocols) throws Exception {
        URI uri = hub.uri("/");
        SSLSocket socket = (SSLSocket) TestTls.clientContext().getSocketFactory().createSocket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(5000);
        SSLParameters params = socket.getSSLParameters();
        if (protocols.length > 0) {
            params.setApplicationProtocols(protocols);
        }
        socket.setSSLParameters(params);
        return socket;
    }
}
