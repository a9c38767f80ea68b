package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.support.H2Client;
import dev.quicksilver.server.support.HubProcess;
import dev.quicksilver.server.support.Scrape;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The subscriptions API with collections far larger than an ordinary answer, over real sockets: it
 * writes them a part at a time as the connection takes them (docs/configuration.md "Large
 * collections"), so the answer is complete however large, the hub's memory does not grow with it,
 * its other clients are served meanwhile, and a reader that stops reading is let go. The Mercure
 * draft's "Subscription API" allows truncating or paginating a large collection; this hub does
 * neither: every answer is the whole, valid document.
 */
class LargeCollectionTest {
    private static final String BASE = "/.well-known/mercure/subscriptions";
    private static final String SECRET = "large-collection-test-secret-0123456789";
    private static final String ORDINARY = "https://example.com/ordinary";

    private static String topic(int subscriber, int selector) {
        return "https://example.com/large/" + subscriber + "/" + selector;
    }

    /** A subscriber token whose payload is copied into each of its subscriptions' documents. */
    private static String subscriberToken(String secret, int payloadBytes) {
        return Tokens.hs256(secret, "{\"mercure\":{\"subscribe\":[\"*\"],\"payload\":{\"bio\":\""
                + "x".repeat(payloadBytes) + "\"}}}");
    }

    /**
     * Opens {@code count} subscribers of {@code selectors} topics each, as streams of one HTTP/2
     * connection, and returns once the hub has answered each (it registers a subscriber before its
     * answer). They are opened a few at a time, as clients arrive, not all in one burst.
     */
    private static void subscribe(H2Client client, String token, int count, int selectors) {
        subscribe(client, token, count, selectors, () -> "");
    }

    /** @param hubLog the hub's log so far, told when a stream is not answered */
    private static void subscribe(H2Client client, String token, int count, int selectors, Supplier<String> hubLog) {
        // Generous: on a loaded machine the hub takes its time to announce every subscription.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int first = 0; first < count; first += 25) {
            List<H2Client.Stream> batch = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + 25); i++) {
                StringBuilder path = new StringBuilder("/.well-known/mercure?");
                for (int j = 0; j < selectors; j++) {
                    path.append(j == 0 ? "" : "&").append("topic=").append(TestHub.encode(topic(i, j)));
                }
                batch.add(client.get(path.toString(), Map.of("Authorization", "Bearer " + token)));
            }
            for (H2Client.Stream stream : batch) {
                long left = Math.max(1, deadline - System.nanoTime());
                try {
                    assertThat(stream.headers.get(left, TimeUnit.NANOSECONDS).status().toString()).isEqualTo("200");
                } catch (ExecutionException | TimeoutException | InterruptedException e) {
                    throw new AssertionError("a subscriber of " + count + " was not answered (reset: "
                            + stream.reset.getNow(null) + "); the hub's log:\n" + hubLog.get(), e);
                }
            }
        }
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object (" + text.length() + " characters): "
                    + text.substring(0, Math.min(300, text.length())), e);
        }
    }

    /**
     * Checks the collection: a JSON document with every subscription of these subscribers, each
     * once, and {@code others} more. Its assertions print counts, not the document (megabytes).
     */
    @SuppressWarnings("unchecked")
    private static void items(String body, int subscribers, int selectors, int others) {
        Map<String, Object> doc = json(body);
        assertThat(doc.get("type")).isEqualTo("Subscriptions");
        assertThat(doc.get("id")).isEqualTo(BASE);
        List<Map<String, Object>> items = (List<Map<String, Object>>) (List<?>) doc.get("subscriptions");
        Set<String> topics = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int wellFormed = 0;
        for (Map<String, Object> item : items) {
            topics.add((String) item.get("topic"));
            ids.add((String) item.get("id"));
            if ("Subscription".equals(item.get("type")) && Boolean.TRUE.equals(item.get("active"))) {
                wellFormed++;
            }
        }
        int expected = subscribers * selectors + others;
        assertThat(items.size()).isEqualTo(expected);
        assertThat(wellFormed).isEqualTo(expected);
        assertThat(ids.size()).as("distinct ids").isEqualTo(expected);
        assertThat(topics.size()).as("distinct topics").isEqualTo(expected);
        assertThat(topics.contains(topic(0, 0)) && topics.contains(topic(subscribers - 1, selectors - 1))).isTrue();
    }

    private static String request(String method, String path, String version, String token) {
        return method + " " + path + " " + version + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\n\r\n";
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    @DisplayName("docs/configuration.md Large collections: 200 subscribers × 50 selectors with a 4 KB payload, a "
            + "collection larger than the hub's whole heap (-Xmx32m), arrives complete and valid; the hub stays up "
            + "and an ordinary subscriber gets its update while the answer is being written")
    void largerThanTheHeap() throws Exception {
        int subscribers = 200;
        int selectors = 50;
        Map<String, String> env = Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", SECRET,
                "QUICKSILVER_SUBSCRIBER_JWT_KEY", SECRET, "QUICKSILVER_SUBSCRIPTIONS", "1",
                "QUICKSILVER_HISTORY", "memory", "QUICKSILVER_HISTORY_SIZE", "100", "QUICKSILVER_THREADS", "2");
        try (HubProcess hub = HubProcess.start(env, List.of("-Xmx32m"));
                H2Client client = new H2Client(hub.port())) {
            long opening = System.nanoTime();
            subscribe(client, subscriberToken(SECRET, 4_000), subscribers, selectors, hub::log);
            long opened = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening);
            String base = "http://127.0.0.1:" + hub.port();
            try (SseClient ordinary = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(ORDINARY)),
                    Map.of("Authorization", "Bearer " + Tokens.mercure(SECRET, null, "[\"" + ORDINARY + "\"]")));
                    Socket socket = RawHttp.connect(hub.port())) {
                assertThat(ordinary.status()).isEqualTo(200);
                socket.setSoTimeout(30_000); // a loaded machine: the answer may take its time to start
                send(socket, request("GET", BASE, "HTTP/1.1", Tokens.mercure(SECRET, null, "[\"*\"]")));
                long started = System.nanoTime();
                ChunkedBody body = ChunkedBody.open(socket);
                assertThat(body.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(body.header("ETag")).isNotNull();
                body.readAtLeast(1 << 20);
                // The hub is in the middle of the answer (it is much larger than any socket buffer),
                // and waits for this reader: its other clients are served meanwhile.
                HttpResponse<String> published = TestHub.send(HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Bearer " + Tokens.mercure(SECRET, "[\"*\"]", null))
                        .POST(HttpRequest.BodyPublishers.ofString("data=during&topic=" + TestHub.encode(ORDINARY)))
                        .build());
                assertThat(published.statusCode()).isEqualTo(200);
                SseEvent event = ordinary.next(Duration.ofSeconds(10));
                assertThat(event).isNotNull();
                assertThat(event.data()).isEqualTo("during");
                double heapMax = Scrape.of(base).value("jvm_memory_max_bytes{area=\"heap\"}");
                double heapUsedMidway = Scrape.of(base).value("jvm_memory_used_bytes{area=\"heap\"}");

                body.readToEnd();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(RawHttp.closedByServer(socket)).as("the answer is the connection's last").isTrue();
                String text = body.text();
                assertThat((double) text.length()).as("the document is larger than the hub's whole heap")
                        .isGreaterThan(heapMax);
                items(text, subscribers, selectors, 1); // and the ordinary subscriber
                assertThat(TestHub.send(HttpRequest.newBuilder(hub.uri("/healthz")).GET().build()).statusCode())
                        .isEqualTo(200);
                double heapUsedAfter = Scrape.of(base).value("jvm_memory_used_bytes{area=\"heap\"}");
                assertThat(hub.log()).doesNotContain("OutOfMemoryError");
                System.out.printf("[large collection] %,d subscriptions opened in %,d ms; document of %,d bytes "
                        + "streamed in %,d ms; hub heap max %,.0f, used midway %,.0f, after %,.0f%n",
                        subscribers * selectors, opened, text.length(), millis, heapMax, heapUsedMidway, heapUsedAfter);
            }
        }
    }

    @Test
    @DisplayName("RFC 9113, RFC 9112 §6.3, RFC 9110 §9.3.2: a collection of many parts is the same document over "
            + "HTTP/2 (DATA frames, no connection-specific header), HTTP/1.1 (chunked) and HTTP/1.0 (ended by the "
            + "close); HEAD gets the head alone, with no length, and the connection goes on")
    void everyVersion() throws Exception {
        int subscribers = 100;
        int selectors = 20;
        try (TestHub hub = TestHub.start(b -> b.threads(2).features(f -> f.subscriptions(true)));
                H2Client client = new H2Client(hub.port())) {
            subscribe(client, subscriberToken(TestHub.SECRET, 10), subscribers, selectors);
            String token = Tokens.mercure(TestHub.SECRET, null, "[\"*\"]");

            H2Client.Stream h2 = client.get(BASE, Map.of("Authorization", "Bearer " + token));
            assertThat(h2.ended.get(20, TimeUnit.SECONDS)).as("END_STREAM").isTrue();
            Http2Headers headers = h2.headers.get();
            assertThat(headers.status().toString()).isEqualTo("200");
            assertThat(headers.contains("transfer-encoding")).isFalse();
            assertThat(headers.contains("connection")).isFalse();
            assertThat(headers.get("etag")).isNotNull();
            assertThat(headers.get("content-type").toString()).startsWith("application/ld+json");
            String document = h2.data();
            assertThat(document.length()).as("many parts").isGreaterThan(4 * StreamedAnswer.PART_SIZE);
            items(document, subscribers, selectors, 0);

            HttpResponse<String> http11 = hub.get(BASE, Map.of("Authorization", "Bearer " + token));
            assertThat(http11.statusCode()).isEqualTo(200);
            assertThat(http11.body().equals(document)).as("the same document over HTTP/1.1").isTrue();
            assertThat(http11.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(http11.headers().firstValue("Content-Length")).isEmpty();

            RawHttp.Response http10 = RawHttp.exchange(hub.port(), request("GET", BASE, "HTTP/1.0", token));
            assertThat(http10.status()).isEqualTo(200);
            assertThat(http10.header("Transfer-Encoding")).isNull();
            assertThat(http10.header("Content-Length")).isNull();
            assertThat(http10.body().equals(document)).as("the same document over HTTP/1.0").isTrue();

            try (Socket socket = RawHttp.connect(hub.port())) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                send(socket, request("HEAD", BASE, "HTTP/1.1", token));
                RawHttp.Response head = RawHttp.read(in, true);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Length")).isNull();
                assertThat(head.header("ETag")).isNotNull();
                send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response next = RawHttp.read(in, false);
                assertThat(next.status()).as("no body bytes after the HEAD's head").isEqualTo(200);
            }
        }
    }

    @Test
    @DisplayName("RFC 9112 §9.3.2: a request pipelined behind a streamed collection goes unanswered, the answer says "
            + "Connection: close and the connection closes after it")
    void pipelinedRequestUnanswered() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.threads(1).features(f -> f.subscriptions(true)));
                H2Client client = new H2Client(hub.port())) {
            subscribe(client, subscriberToken(TestHub.SECRET, 10), 50, 20);
            String token = Tokens.mercure(TestHub.SECRET, null, "[\"*\"]");
            try (Socket socket = RawHttp.connect(hub.port())) {
                send(socket, request("GET", BASE, "HTTP/1.1", token) + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                ChunkedBody body = ChunkedBody.open(socket);
                assertThat(body.header("Connection")).isEqualToIgnoringCase("close");
                body.readToEnd();
                items(body.text(), 50, 20, 0);
                assertThat(RawHttp.closedByServer(socket)).isTrue();
            }
        }
    }

    @Test
    @DisplayName("docs/configuration.md Large collections, RFC 9113 flow control: a client that stops reading a "
            + "streamed collection is disconnected after the read timeout, before the end of the document; on HTTP/2 "
            + "its stream alone is reset")
    void stalledReaderDisconnected() throws Exception {
        try (TestHub hub = TestHub.start(b -> b.threads(1).features(f -> f.subscriptions(true))
                .limits(l -> l.readTimeout(Duration.ofMillis(500))));
                H2Client client = new H2Client(hub.port())) {
            subscribe(client, subscriberToken(TestHub.SECRET, 2_000), 100, 50); // about 11 MB
            String token = Tokens.mercure(TestHub.SECRET, null, "[\"*\"]");
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(8 * 1024);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", hub.port()));
                socket.setSoTimeout(10_000);
                send(socket, request("GET", BASE, "HTTP/1.1", token));
                ChunkedBody body = ChunkedBody.open(socket);
                body.readAtLeast(64 * 1024);
                Thread.sleep(3_000); // six read timeouts without reading a byte
                assertThatThrownBy(body::readToEnd).as("the body ends before its last chunk")
                        .isInstanceOf(IOException.class);
                assertThat(body.received()).isLessThan(8L << 20);
            }
            try (H2Client stalled = new H2Client(hub.port())) {
                // A subscriber on the same connection: with no stream left, the hub would rightly
                // close the connection once it has read nothing for the read timeout, which the
                // reset below may well follow.
                H2Client.Stream subscriber = stalled.get("/.well-known/mercure?topic=" + TestHub.encode(ORDINARY),
                        Map.of("Authorization", "Bearer " + Tokens.mercure(TestHub.SECRET, null, "[\"*\"]")));
                assertThat(subscriber.status()).isEqualTo(200);
                // Its window is never opened again: the hub may send 64 KiB, then must wait.
                H2Client.Stream stream = stalled.request("GET", BASE, Map.of("Authorization", "Bearer " + token), null,
                        false);
                stream.channel().read(); // once: the headers, and what arrives with them
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.reset.get(30, TimeUnit.SECONDS)).as("RST_STREAM").isNotNull();
                assertThat(subscriber.ended).as("the subscriber's stream goes on").isNotDone();
                H2Client.Stream other = stalled.get("/healthz", Map.of());
                assertThat(other.status()).as("the connection goes on").isEqualTo(200);
                assertThat(hub.publish("after the reset", ORDINARY).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertThat(
                        subscriber.data()).as("the subscriber receives what follows").contains("data: after the reset"));
            }
            assertThat(hub.get("/healthz", Map.of()).statusCode()).isEqualTo(200);
        }
    }

    /** An HTTP/1.1 chunked body read as far as the test wants: the hub waits for the rest meanwhile. */
    private static final class ChunkedBody {
        private final InputStream in;
        private final RawHttp.Response head;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int leftInChunk;
        private boolean ended;

        private ChunkedBody(InputStream in, RawHttp.Response head) {
            this.in = in;
            this.head = head;
        }

        /** Reads the head, which must be a 200 in chunks. */
        static ChunkedBody open(Socket socket) throws IOException {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            RawHttp.Response head = RawHttp.read(in, true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            return new ChunkedBody(in, head);
        }

        String header(String name) {
            return head.header(name);
        }

        long received() {
            return body.size();
        }

        void readAtLeast(long bytes) throws IOException {
            while (!ended && body.size() < bytes) {
                if (leftInChunk == 0) {
                    int size = Integer.parseInt(RawHttp.line(in).trim(), 16);
                    if (size == 0) {
                        assertThat(RawHttp.line(in)).isEmpty();
                        ended = true;
                        return;
                    }
                    leftInChunk = size;
                }
                byte[] part = in.readNBytes(Math.min(leftInChunk, 1 << 16));
                if (part.length == 0) {
                    throw new IOException("the body ended after " + body.size() + " bytes, in a chunk");
                }
                body.write(part);
                leftInChunk -= part.length;
                if (leftInChunk == 0) {
                    assertThat(RawHttp.line(in)).isEmpty();
                }
            }
        }

        void readToEnd() throws IOException {
            readAtLeast(Long.MAX_VALUE);
        }

        String text() {
            assertThat(ended).as("the last chunk arrived").isTrue();
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
