package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.TestHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input over raw sockets. The rule: a clear 4xx with a message, never a 500, a
 * hang, or a connection dropped without an answer. Seeded random inputs fuzz the parsers.
 */
class MalformedInputTest {
    private static final int MAX_BODY = 32 * 1024;
    private static final String HUB = "/.well-known/mercure";

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(b -> b.threads(2).anonymous(true).features(f -> f.subscriptions(true))
                .limits(l -> l.maxBodySize(MAX_BODY).readTimeout(Duration.ofSeconds(1))));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String post(String target, String body, String... headers) {
        StringBuilder sb = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: x\r\n");
        sb.append("Authorization: Bearer ").append(TestHub.allAccess()).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: ").append(bytes(body).length).append("\r\n\r\n").append(body).toString();
    }

    private static RawHttp.Response exchange(String request) throws IOException {
        return RawHttp.exchange(hub.port(), request);
    }

    private static void assertClear4xx(RawHttp.Response r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body()).as("a message for the client").isNotBlank();
    }

    // ---------------------------------------------------------------- encoding

    @Test
    @DisplayName("broken percent-encoding (%zz, a trailing %, %2) is taken literally, in the query and in the body")
    void brokenEscapesAreLiteral() throws Exception {
        try (Socket socket = RawHttp.connect(hub.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("GET " + HUB + "?topic=%zz&topic=100%&topic=a%2 HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            InputStream in = socket.getInputStream();
            RawHttp.Response head = RawHttp.read(in, false);
            assertThat(head.status()).isEqualTo(200);
            RawHttp.readUntil(in, ":\n");
            for (String[] p : new String[][] {{"%zz", "one"}, {"100%", "two"}, {"a%2", "three"}}) {
                HttpResponse<String> r = hub.post(TestHub.allAccess(), "topic=" + p[0] + "&data=" + p[1]);
                assertThat(r.statusCode()).as("publishing to the literal topic %s", p[0]).isEqualTo(200);
                assertThat(RawHttp.readUntil(in, "\n\n")).endsWith("data: " + p[1] + "\n\n");
            }
        }
    }

    @ParameterizedTest(name = "invalid UTF-8 in the query ({0}) → 400")
    @ValueSource(strings = {"topic=%FF", "topic=%C0%AF", "topic=a&x=%ED%A0%80", "topic=\u00ff", "%FF=a&topic=b"})
    void invalidUtf8InQuery(String query) throws Exception {
        RawHttp.Response r = exchange("GET " + HUB + "?" + query + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertClear4xx(r, 400);
        assertThat(r.body()).contains("UTF-8");
    }

    @ParameterizedTest(name = "invalid UTF-8 in the publish body ({0}) → 400")
    @ValueSource(strings = {"topic=a&data=%FF", "topic=%C3%28", "topic=a&data=\u00ff\u00fe", "topic=a&id=%F0%9F%98"})
    void invalidUtf8InBody(String body) throws Exception {
        RawHttp.Response r = exchange(post(HUB, body, "Content-Type: application/x-www-form-urlencoded"));
        assertClear4xx(r, 400);
        assertThat(r.body()).contains("UTF-8");
    }

    @Test
    @DisplayName("draft-08 Publication: an empty body POST → 400 Missing \"topic\"")
    void emptyBody() throws Exception {
        RawHttp.Response r = exchange(post(HUB, "", "Content-Type: application/x-www-form-urlencoded"));
        assertClear4xx(r, 400);
        assertThat(r.body()).contains("Missing \"topic\"");
        RawHttp.Response noType = exchange(post(HUB, ""));
        assertClear4xx(noType, 400);
    }

    // ---------------------------------------------------------------- sizes

    @Test
    @DisplayName("draft-08 Publication: a body over maxBodySize, with Content-Length → 413 with a message; one at the "
            + "limit → 200")
    void bodyTooLargeWithLength() throws Exception {
        String big = "topic=a&data=" + "x".repeat(MAX_BODY);
        RawHttp.Response r = exchange(post(HUB, big));
        assertClear4xx(r, 413);
        assertThat(r.body()).contains(String.valueOf(MAX_BODY));
        String exact = "topic=a&data=" + "x".repeat(MAX_BODY - "topic=a&data=".length());
        assertThat(exchange(post(HUB, exact)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Publication: a chunked body over maxBodySize → 413 with a message")
    void bodyTooLargeChunked() throws Exception {
        StringBuilder sb = new StringBuilder("POST " + HUB + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestHub.allAccess() + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        sb.append("d\r\ntopic=a&data=\r\n");
        String chunk = "x".repeat(4096);
        for (int i = 0; i < MAX_BODY / 4096 + 1; i++) {
            sb.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        sb.append("0\r\n\r\n");
        RawHttp.Response r = exchange(sb.toString());
        assertClear4xx(r, 413);
        assertThat(r.body()).contains(String.valueOf(MAX_BODY));
    }

    @Test
    @DisplayName("draft-08 Publication: 2,000 topics in one publish (over the limit of 1000) → 413; 1000 → 200")
    void tooManyTopics() throws Exception {
        StringBuilder many = new StringBuilder("data=x");
        for (int i = 0; i < 2000; i++) {
            many.append("&topic=t").append(i);
        }
        RawHttp.Response r = exchange(post(HUB, many.toString()));
        assertClear4xx(r, 413);
        assertThat(r.body()).contains("topic");
        StringBuilder limit = new StringBuilder("data=x");
        for (int i = 0; i < 1000; i++) {
            limit.append("&topic=t").append(i);
        }
        assertThat(exchange(post(HUB, limit.toString())).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a request line longer than 64 KiB → 414")
    void requestLineTooLong() throws Exception {
        RawHttp.Response r = exchange("GET " + HUB + "?topic=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertClear4xx(r, 414);
    }

    @Test
    @DisplayName("huge headers (one long, or many) → 431")
    void headersTooLarge() throws Exception {
        RawHttp.Response one = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        assertClear4xx(one, 431);
        StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 3000; i++) {
            many.append("X-H-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        RawHttp.Response r = exchange(many.append("\r\n").toString());
        assertClear4xx(r, 431);
    }

    // ---------------------------------------------------------------- framing and timing

    @ParameterizedTest(name = "a garbage request line → 400: {0}")
    @ValueSource(strings = {"HELLO", "GET / FOO/1.1", "GET / HTTP/x.y", "\u0001\u0002\u0003 / HTTP/1.1", "GET", "/ HTTP/1.1 GET"})
    void garbageRequestLine(String line) throws Exception {
        RawHttp.Response r = exchange(line + "\r\nHost: x\r\n\r\n");
        assertClear4xx(r, 400);
    }

    @Test
    @DisplayName("a POST whose body never ends → 408 after the read timeout, and the connection is closed")
    void bodyNeverEnds() throws Exception {
        try (Socket socket = RawHttp.connect(hub.port())) {
            socket.getOutputStream().write(bytes("POST " + HUB + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\ntopic=a&d"));
            socket.getOutputStream().flush();
            RawHttp.Response r = RawHttp.read(socket.getInputStream(), false);
            assertClear4xx(r, 408);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(RawHttp.closedByServer(socket)).isTrue();
        }
    }

    @Test
    @DisplayName("a connection that sends nothing is closed after the read timeout")
    void silentConnectionClosed() throws Exception {
        try (Socket socket = RawHttp.connect(hub.port())) {
            assertThat(RawHttp.closedByServer(socket)).isTrue();
        }
    }

    @Test
    @DisplayName("an idle keep-alive connection is closed after the read timeout")
    void idleKeepAliveClosed() throws Exception {
        try (Socket socket = RawHttp.connect(hub.port())) {
            socket.getOutputStream().write(bytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(RawHttp.read(socket.getInputStream(), false).status()).isEqualTo(200);
            assertThat(RawHttp.closedByServer(socket)).isTrue();
        }
    }

    @Test
    @DisplayName("a keep-alive connection in use stays open: each answer restarts the wait, the last one ends it")
    void busyKeepAliveStaysOpen() throws Exception {
        // Its own hub with a 3 s timeout: 1 s gaps leave a loaded machine 2 s of margin per wait.
        try (TestHub own = TestHub.start(b -> b.limits(l -> l.readTimeout(Duration.ofSeconds(3))));
                Socket socket = RawHttp.connect(own.port())) {
            socket.setSoTimeout(15_000);
            long start = System.nanoTime();
            // 5 requests 1 s apart span 4 s against a 3 s timeout: each wait is under it.
            for (int i = 0; i < 5; i++) {
                if (i > 0) {
                    Thread.sleep(1_000);
                }
                socket.getOutputStream().write(bytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
                assertThat(RawHttp.read(socket.getInputStream(), false).status()).isEqualTo(200);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(4));
            long lastAnswer = System.nanoTime();
            assertThat(RawHttp.closedByServer(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - lastAnswer)).isGreaterThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    @DisplayName("an unsupported Content-Type (multipart) → 415")
    void unsupportedContentType() {
        HttpResponse<String> r = TestHub.send(HttpRequest.newBuilder(hub.uri(HUB))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .header("Authorization", "Bearer " + TestHub.allAccess())
                .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"topic\""
                        + "\r\n\r\na\r\n--xyz--\r\n"))
                .build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("application/x-www-form-urlencoded");
    }

    @Test
    @DisplayName("an unknown path → 404 with a message")
    void unknownPath() throws Exception {
        assertClear4xx(exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"), 404);
        assertClear4xx(exchange("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 404);
    }

    @Test
    @DisplayName("PUT (and DELETE) on the hub → 405 with Allow")
    void methodNotAllowed() throws Exception {
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            RawHttp.Response r = exchange(method + " " + HUB + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertClear4xx(r, 405);
            assertThat(r.header("Allow")).contains("GET").contains("POST");
        }
    }

    @Test
    @DisplayName("regression: a hub with a single event loop answers a publish 200, not 500 (EventFanOut retained 0)")
    void singleEventLoopPublishes() {
        try (TestHub one = TestHub.start(b -> b.threads(1))) {
            assertThat(one.publish("x", "a").statusCode()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- fuzz

    private static final String[] METHODS = {"GET", "POST", "HEAD", "OPTIONS"};
    private static final String[] ODD_METHODS = {"PUT", "DELETE", "PATCH", "QUERY", "CONNECT", "TRACE", "get",
        "G\u0000T", "", "POST POST", "\u00ff\u00fe"};
    private static final String[] GOOD_PATHS = {HUB, HUB, HUB, HUB, "/hub", "/.well-known/mercure/subscriptions",
        "/.well-known/mercure/subscriptions/a", "/.well-known/mercure/subscriptions/a/urn%3Auuid%3Ax"};
    private static final String[] PATHS = {"/", "/healthz", "/.well-known/mercure/subscriptions",
        "/.well-known/mercure/subscriptions/%2F/urn%3Auuid%3Ax", "/.well-known/mercure/subscriptions/a/b/c",
        "/.well-known/mercure/subscriptions/%ZZ", "/.well-known/mercure/", "*", "http://x" + HUB, "http://x",
        "//", "/%00", "/..%2f..%2fetc/passwd", "", "/demo/x.jsonld", "/\u00e9", HUB + "#frag"};
    private static final String[] GOOD_QUERY_PARTS = {"topic=a", "topic=https%3A%2F%2Fexample.com%2Fbooks%2F1",
        "topic=https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D", "topic=*", "lastEventID=earliest"};
    private static final String[] QUERY_PARTS = {"topic=a", "topic=%zz", "topic=%FF", "topic=%", "topic=",
        "topic=*", "topic=https%3A%2F%2Fexample.com%2F%7Bid%7D", "topic={", "topic=%7B%2B%7D", "&&", "==", "=",
        "lastEventID=x", "last_event_id=earliest", "Last-Event-ID=", "authorization=garbage", "authorization=a.b.c",
        "topic=%E2%80%8E", "topic=\u0080\u00ff", "topic=%00", "x=%C0%80", "topic=" + "%41".repeat(200),
        "topic=a+b", ";;", "topic=a;b", "\u0001"};
    private static final String[] ODD_VERSIONS = {"HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "", "HTTP/1.1 extra",
        "http/1.1", "HTTP/1.1\u0000"};
    private static final String[] GOOD_HEADERS = {"Authorization: Bearer " + TestHub.allAccess(),
        "Authorization: Bearer " + TestHub.allAccess(), "Content-Type: application/x-www-form-urlencoded",
        "Content-Type: application/x-www-form-urlencoded", "Last-Event-ID: earliest", "Origin: https://app.example.com",
        "Cookie: mercureAuthorization=" + TestHub.allAccess(), "Accept: text/event-stream", "Connection: close"};
    private static final String[] HEADERS = {"Host: x", "Host: x", "Authorization: Bearer garbage",
        "Authorization: Bearer a.b.c", "Authorization: Basic Zm9vOmJhcg==", "Authorization: Bearer",
        "Authorization: " + "Bearer " + TestHub.allAccess(), "Authorization: Bearer " + TestHub.allAccess(),
        "Authorization: \u00ff\u00fe", "Cookie: mercureAuthorization=garbage",
        "Cookie: mercureAuthorization=" + TestHub.allAccess(), "Cookie: ;;;=;", "Last-Event-ID: x",
        "Last-Event-ID: ", "Last-Event-ID: \u00ff", "Origin: https://app.example.com", "Origin: null",
        "Referer: ::::", "Content-Type: application/x-www-form-urlencoded",
        "Content-Type: application/x-www-form-urlencoded; charset=latin1", "Content-Type: multipart/form-data",
        "Content-Type: ", "If-None-Match: *", "Expect: 100-continue", "Connection: close", "Connection: keep-alive",
        "Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999", "Content-Length: 1, 2",
        "Transfer-Encoding: gzip", "No-Colon-Header", ": empty-name", " folded: continuation", "X-Nul: a\u0000b",
        "X-Long: " + "z".repeat(5000), "Access-Control-Request-Method: GET", "Accept: text/event-stream"};
    private static final String[] GOOD_BODY_PARTS = {"topic=a", "topic=https%3A%2F%2Fexample.com%2Fbooks%2F1",
        "data=hello", "private=on", "id=x-1", "type=t", "retry=10", "topic=a&data=b"};
    private static final String[] BODY_PARTS = {"topic=a", "topic=%zz", "data=%FF", "data=x", "private=on",
        "id=%23x", "id=earliest", "id=a%0Ab", "type=mercure", "type=a%0D", "retry=abc", "retry=99999999999999999999",
        "target=x", "topic=*", "topic=%2F.well-known%2Fmercure%2Fx", "topic=" + "t".repeat(3000), "&&&", "=",
        "%", "\u00ff", "\u0000", "data=" + "d".repeat(2000), "topic=a&topic=b"};

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Mostly a usual value, sometimes an odd one, so that most requests get past the HTTP codec. */
    private static String pick(Random random, String[] usual, String[] odd) {
        return random.nextInt(8) == 0 ? pick(random, odd) : pick(random, usual);
    }

    /** One random request: a request line, headers and a body, framed correctly or deliberately not. */
    private static byte[] randomRequest(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder target = new StringBuilder(random.nextInt(4) == 0 ? pick(random, PATHS) : pick(random, GOOD_PATHS));
        int queryParts = random.nextInt(4);
        for (int i = 0; i < queryParts; i++) {
            target.append(i == 0 ? '?' : '&').append(random.nextBoolean() ? pick(random, GOOD_QUERY_PARTS)
                    : pick(random, QUERY_PARTS));
        }
        String line = pick(random, METHODS, ODD_METHODS) + " " + target + " "
                + pick(random, new String[] {"HTTP/1.1"}, ODD_VERSIONS);
        if (random.nextInt(30) == 0) {
            line = line.replace(' ', random.nextBoolean() ? '\t' : '\u0000');
        }
        StringBuilder head = new StringBuilder(line).append("\r\n");
        if (random.nextInt(10) != 0) {
            head.append("Host: x\r\n");
        }
        int headers = random.nextInt(5);
        for (int i = 0; i < headers; i++) {
            head.append(pick(random, GOOD_HEADERS, HEADERS)).append(random.nextInt(30) == 0 ? "\n" : "\r\n");
        }
        StringBuilder body = new StringBuilder();
        int bodyParts = random.nextInt(4);
        for (int i = 0; i < bodyParts; i++) {
            body.append(i == 0 ? "" : "&").append(random.nextBoolean() ? pick(random, GOOD_BODY_PARTS)
                    : pick(random, BODY_PARTS));
        }
        if (random.nextInt(15) == 0) {
            for (int i = 0; i < 50; i++) {
                body.append((char) random.nextInt(256));
            }
        }
        byte[] bodyBytes = bytes(body.toString());
        boolean hasFraming = head.indexOf("Content-Length") >= 0 || head.indexOf("Transfer-Encoding") >= 0;
        boolean chunked = !hasFraming && bodyBytes.length > 0 && random.nextInt(4) == 0;
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(bytes(head.toString()));
            if (random.nextInt(5) == 0) {
                out.writeBytes(bytes("zz\r\n")); // a bad chunk size
            }
            out.writeBytes(bytes(Integer.toHexString(bodyBytes.length) + "\r\n"));
            out.writeBytes(bodyBytes);
            out.writeBytes(bytes("\r\n0\r\n\r\n"));
        } else {
            if (!hasFraming && (bodyBytes.length > 0 || random.nextBoolean())) {
                head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(bytes(head.toString()));
            if (!hasFraming) {
                out.writeBytes(bodyBytes);
            }
        }
        return out.toByteArray();
    }

    private static final Map<Integer, Integer> FUZZ_STATUSES = new ConcurrentHashMap<>();

    /** Sends one request and checks the first answer; returns a description of what went wrong, or null. */
    private static String exchangeChecked(byte[] request) {
        String method = new String(request, 0, Math.min(request.length, 8), StandardCharsets.ISO_8859_1);
        try (Socket socket = RawHttp.connect(hub.port())) {
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The hub may answer and close before it has read everything: the answer must still be there.
            }
            RawHttp.Response r = RawHttp.read(socket.getInputStream(), method.matches("(?s)HEAD[ \t\u0000].*"));
            FUZZ_STATUSES.merge(r.status(), 1, Integer::sum);
            // 505 is the client's fault too: a version the hub does not speak (HTTP/9.9).
            if (r.status() >= 500 && r.status() != 505) {
                return "status " + r.status() + " " + r.body();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    @Test
    @DisplayName("seeded fuzz: 300 random requests over raw sockets each get a well-formed answer below 500 (or 505), "
            + "and the hub still answers /healthz")
    void fuzz() throws Exception {
        // A fixed seed, so a failure is reproducible; -Dfuzz.seed=N -Dfuzz.count=M explores further.
        Random random = new Random(Long.getLong("fuzz.seed", 20261127L));
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0, n = Integer.getInteger("fuzz.count", 300); i < n; i++) {
            requests.add(randomRequest(random));
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (byte[] request : requests) {
                done.add(pool.submit(() -> {
                    String failure = exchangeChecked(request);
                    if (failure != null) {
                        failures.add(failure + "\n    for: " + RawHttp.printable(new String(request, StandardCharsets.ISO_8859_1)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        // The inputs reach past the HTTP codec: some publish or subscribe, many are refused by the hub itself.
        assertThat(FUZZ_STATUSES).containsKeys(200, 204, 400, 401, 404, 405);
        RawHttp.Response health = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }
}
