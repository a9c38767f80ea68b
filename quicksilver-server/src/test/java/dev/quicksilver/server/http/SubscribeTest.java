package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Subscribing over real sockets: headers and wire format (docs/configuration.md "Streams"; HTML
 * Standard "Server-sent events"), selectors (Mercure draft-07 "Subscription"), limits.
 *
 * <p>Each test runs on one node and again across two (docs/cluster.md "Tests"): subscribed on one
 * node, published on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class SubscribeTest {
    /** This run's topology; {@link #start} gets it too, and starts its nodes. */
    @Parameter
    private Topology topology;
    private static Nodes nodes;
    /** Where the tests publish: node A. */
    private static TestHub hub;
    /** Where the tests subscribe: node B, or A itself on one node. */
    private static TestHub streams;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        nodes = Nodes.start(where, b -> b.anonymous(true).streams(s -> s.heartbeat(Duration.ofSeconds(1)))
                .limits(l -> l.maxTopics(5)));
        hub = nodes.publisher();
        streams = nodes.subscriber();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodes.close();
    }

    @Test
    @DisplayName("configuration.md Streams: 200 text/event-stream, no-cache headers, and the body starts with \":\\n\"")
    void streamHeadersAndFirstBytes() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", streams.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fa HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(head.toLowerCase()).contains("content-type: text/event-stream\r\n")
                    .contains("cache-control: private, no-cache, no-store, must-revalidate, max-age=0\r\n")
                    .contains("x-accel-buffering: no\r\n").contains("transfer-encoding: chunked\r\n");
            // The first chunk holds the comment line that makes clients see the stream open.
            assertThat(readUntil(socket.getInputStream(), "\r\n:\n\r\n")).isEqualTo("2\r\n:\n\r\n");
        }
    }

    @Test
    @DisplayName("configuration.md Streams, draft-08 Publication: an update reaches the subscriber with its fields in "
            + "order, data split per line")
    void wireFormat() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", streams.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /.well-known/mercure?topic=wire HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            readUntil(socket.getInputStream(), "\r\n:\n\r\n");
            HttpResponse<String> published = hub.post(TestHub.allAccess(),
                    "topic=wire&id=w1&type=t&retry=5&data=" + TestHub.encode("a\r\nb\rc\nd"));
            assertThat(published.statusCode()).isEqualTo(200);
            String expected = "event: t\nretry: 5\nid: w1\ndata: a\ndata: b\ndata: c\ndata: d\n\n";
            String chunk = readUntil(socket.getInputStream(), "\n\n\r\n");
            assertThat(chunk).isEqualTo(Integer.toHexString(expected.length()) + "\r\n" + expected + "\r\n");
        }
    }

    @Test
    @DisplayName("draft-07 Subscription: several topic selectors, exact and template; draft-07 Publication: alternate "
            + "topics; no duplicate delivery")
    void selectorsAndNoDuplicates() {
        try (SseClient client = streams.subscribe("https://example.com/books/{id}", "https://example.com/books/1", "*")) {
            assertThat(client.status()).isEqualTo(200);
            hub.publish("one", "https://example.com/books/1", "https://example.com/alt/1");
            hub.publish("two", "https://example.com/other", "https://example.com/books/2");
            hub.publish("last", "https://example.com/other");
            List<SseEvent> events = client.until("last", Duration.ofSeconds(5));
            assertThat(events).extracting(SseEvent::data).containsExactly("one", "two", "last");
        }
    }

    @Test
    @DisplayName("a subscriber only receives the topics it selects")
    void onlySelectedTopics() {
        try (SseClient client = streams.subscribe("https://example.com/books/{id}")) {
            hub.publish("no", "https://example.com/authors/1");
            hub.publish("yes", "https://example.com/books/7");
            assertThat(client.next().data()).isEqualTo("yes");
            assertThat(client.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    @DisplayName("draft-07 Subscription: no topic → 400 Missing \"topic\" parameter.")
    void missingTopic() {
        HttpResponse<String> r = streams.get("/.well-known/mercure", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Missing \"topic\" parameter.");
    }

    @Test
    @DisplayName("draft-07 Subscription (the hub MAY limit), configuration.md Limits: more topic selectors than the "
            + "limit → 400")
    void tooManySelectors() {
        HttpResponse<String> r = streams.get("/.well-known/mercure?topic=a&topic=b&topic=c&topic=d&topic=e&topic=f", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("limit is 5");
    }

    @Test
    @DisplayName("a selector longer than the limit → 400")
    void selectorTooLong() {
        HttpResponse<String> r = streams.get("/.well-known/mercure?topic=" + "a".repeat(4097), Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("draft-08 Subscription (keep-alive): an idle stream gets a \":\" comment after the heartbeat interval")
    void heartbeat() {
        try (SseClient client = streams.subscribe("idle")) {
            assertThat(client.nextComment(Duration.ofSeconds(1))).isEqualTo(""); // the opening comment
            assertThat(client.nextComment(Duration.ofSeconds(4))).isEqualTo("");
        }
    }

    @Test
    @DisplayName("RFC 9110 §9.3.2: HEAD is accepted like GET, with the stream's headers and no body")
    void head() {
        HttpResponse<String> r = TestHub.send(HttpRequest.newBuilder(streams.subscribeUri("x"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(r.body()).isEmpty();
    }

    @Test
    @DisplayName("the seed-era hub path /hub serves subscriptions too")
    void seedPath() {
        try (SseClient client = SseClient.open(streams.uri("/hub?topic=seed"))) {
            assertThat(client.status()).isEqualTo(200);
            hub.publish("from seed", "seed");
            assertThat(client.next().data()).isEqualTo("from seed");
        }
    }

    static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
