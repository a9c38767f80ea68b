package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How streams end: token expiry and longest life (Mercure draft-08 "Subscribers"; docs/configuration.md
 * "Streams"), slow subscribers (docs/architecture.md "How an update travels", step 5), shutdown.
 */
class StreamLifecycleTest {

    @Test
    @DisplayName("draft-08 Subscribers: the stream is closed cleanly when the token that opened it expires")
    void tokenExpiry() {
        try (TestHub hub = TestHub.start()) {
            long exp = Instant.now().plusSeconds(5).getEpochSecond(); // time to subscribe on a slow machine
            String token = Tokens.hs256(TestHub.SECRET, "{\"exp\":" + exp + ",\"mercure\":{\"subscribe\":[\"*\"]}}");
            try (SseClient client = hub.subscribeWithToken(token, "t")) {
                assertThat(client.status()).isEqualTo(200);
                hub.publish("before expiry", "t");
                assertThat(client.next().data()).isEqualTo("before expiry");
                assertThat(client.awaitEnd(Duration.ofSeconds(10))).isTrue();
                // The server ended it at exp (a client reconnecting then gets a 401), not at its
                // longest life (10 minutes); the margin is for a test thread that wakes up late.
                assertThat(Instant.now().getEpochSecond()).isLessThanOrEqualTo(exp + 3);
            }
        }
    }

    @Test
    @DisplayName("draft-08 Subscribers, configuration.md write-timeout: a stream ends after its longest life, and the "
            + "client can resume with Last-Event-ID")
    void longestLife() {
        try (TestHub hub = TestHub.start(b -> b.anonymous(true).streams(s -> s.maxLife(Duration.ofSeconds(2))))) {
            String id;
            try (SseClient client = hub.subscribe("life")) {
                hub.publish("one", "life");
                id = client.next().id();
                assertThat(client.awaitEnd(Duration.ofSeconds(5))).isTrue();
            }
            hub.publish("two", "life");
            try (SseClient again = SseClient.open(hub.subscribeUri("life"), Map.of("Last-Event-ID", id))) {
                assertThat(again.next().data()).isEqualTo("two");
            }
        }
    }

    @Test
    @DisplayName("architecture.md Slow subscribers: a subscriber that stops reading is disconnected; the others "
            + "receive everything")
    void slowSubscriber() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.anonymous(true).streams(s -> s.subscriberBuffer(64 * 1024)));
                SseClient fast = hub.subscribe("flood");
                Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", hub.port()));
            slow.getOutputStream().write("GET /.well-known/mercure?topic=flood HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.server().subscribers() == 2);
            String data = "x".repeat(16 * 1024);
            int published = 600; // about 10 MB: more than any socket buffers hold
            for (int i = 0; i < published; i++) {
                assertThat(hub.post(TestHub.allAccess(), "topic=flood&id=f" + i + "&data=" + data).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.server().slowDisconnects() == 1);
            assertThat(hub.server().subscribers()).isEqualTo(1);
            assertThat(hub.metrics().value("mercure_slow_subscriber_disconnects_total")).isEqualTo(1);
            List<SseEvent> received = fast.drain(Duration.ofSeconds(2));
            assertThat(received).hasSize(published);
            assertThat(readAll(slow.getInputStream())).doesNotContain("f" + (published - 1) + "\n");
        }
    }

    @Test
    @DisplayName("shutdown: streams end with the last chunk, so clients reconnect, and the port closes")
    void gracefulShutdown() {
        TestHub hub = TestHub.start(b -> b.anonymous(true));
        int port = hub.port();
        try (SseClient client = hub.subscribe("bye")) {
            hub.publish("last words", "bye");
            assertThat(client.next().data()).isEqualTo("last words");
            hub.close();
            assertThat(client.awaitEnd(Duration.ofSeconds(5))).isTrue();
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            throw new AssertionError("the port still accepts connections");
        } catch (ConnectException expected) {
            // closed
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readAll(InputStream in) {
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[65536];
        try {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // reset by the hub
        }
        return out.toString();
    }
}
