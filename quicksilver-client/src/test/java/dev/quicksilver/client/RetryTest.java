package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retries, backoff, Retry-After and timeouts, against a tiny local server scripted per test. */
class RetryTest {
    private final AtomicInteger attempts = new AtomicInteger();
    /** The body of each attempt, to check that a retry resends the same update (same id). */
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    /** A server answering the n-th attempt (from 1) with {@code answers[n-1]}, the last one repeated. */
    private String serve(String retryAfter, int... answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/mercure", exchange -> answer(exchange, retryAfter, answers));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/mercure";
    }

    private void answer(HttpExchange exchange, String retryAfter, int[] answers) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        int n = attempts.incrementAndGet();
        int status = answers[Math.min(n, answers.length) - 1];
        if (status == 0) { // never answer (until the test ends)
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (retryAfter != null && status != 200) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        byte[] body = (status == 200 ? "urn:uuid:from-hub" : "status " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static MercureHub.Builder hub(String url) {
        return MercureHub.builder(url).token("t").backoff(Duration.ofMillis(1), Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("503 twice then 200: three attempts, each with the same body and so the same id; the hub's answer returned")
    void retriesOn503() throws Exception {
        String url = serve(null, 503, 503, 200);
        assertThat(hub(url).maxRetries(3).build().publish(Update.of("d", "https://example.com/a")))
                .isEqualTo("urn:uuid:from-hub");
        assertThat(attempts).hasValue(3);
        assertThat(bodies).hasSize(3).allMatch(b -> b.equals(bodies.get(0)));
        assertThat(bodies.get(0)).contains("id=urn%3Auuid%3A").contains("topic=https%3A%2F%2Fexample.com%2Fa");
    }

    @Test
    @DisplayName("503 beyond the retries: UNAVAILABLE with the status and body, after 1 + maxRetries attempts")
    void givesUp() throws Exception {
        String url = serve(null, 503);
        assertThatThrownBy(() -> hub(url).maxRetries(2).build().publish(Update.of("d", "https://example.com/a")))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.UNAVAILABLE);
                    assertThat(e.body()).isEqualTo("status 503");
                });
        assertThat(attempts).hasValue(3);
    }

    @Test
    @DisplayName("429 with Retry-After: 1 → the retry waits at least that second, not the 1 ms backoff")
    void retryAfterHonoured() throws Exception {
        String url = serve("1", 429, 200);
        long start = System.nanoTime();
        assertThat(hub(url).maxRetries(1).build().publish(Update.of("d", "https://example.com/a")))
                .isEqualTo("urn:uuid:from-hub");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(attempts).hasValue(2);
    }

    @Test
    @DisplayName("a 4xx is never retried")
    void clientErrorNotRetried() throws Exception {
        String url = serve(null, 400, 200);
        assertThatThrownBy(() -> hub(url).maxRetries(3).build().publish(Update.of("d", "https://example.com/a")))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(attempts).hasValue(1);
    }

    @Test
    @DisplayName("a server that never answers: NO_ANSWER once the request timeout passes")
    void timeout() throws Exception {
        String url = serve(null, 0);
        MercureHub h = hub(url).requestTimeout(Duration.ofMillis(300)).maxRetries(0).build();
        assertThatThrownBy(() -> h.publish(Update.of("d", "https://example.com/a")))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.NO_ANSWER);
                    assertThat(e.getMessage()).contains("No answer in time");
                });
    }

    @Test
    @DisplayName("connection refused: retried, then NO_ANSWER")
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        MercureHub h = hub("http://127.0.0.1:" + port + "/.well-known/mercure").maxRetries(2).build();
        assertThatThrownBy(() -> h.publish(Update.of("d", "https://example.com/a")))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.NO_ANSWER);
                    assertThat(e.getMessage()).contains("Cannot reach");
                });
    }

    @Test
    @DisplayName("the token provider is asked on every attempt, so a rotated token is used by the retry")
    void tokenPerAttempt() throws Exception {
        String url = serve(null, 503, 200);
        AtomicInteger asked = new AtomicInteger();
        MercureHub h = MercureHub.builder(url).tokens(TokenProvider.from(() -> "t" + asked.incrementAndGet()))
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10)).build();
        h.publish(Update.of("d", "https://example.com/a"));
        assertThat(asked).hasValue(2);
    }
}
