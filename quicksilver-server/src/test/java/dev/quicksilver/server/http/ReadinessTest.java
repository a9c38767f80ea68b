package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.config.MetricsConfig;
import dev.quicksilver.server.support.FreePorts;
import dev.quicksilver.server.support.TestHub;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /readyz}: not ready while starting, while the transport is unhealthy, and while draining. */
class ReadinessTest {

    @Test
    @DisplayName("a started hub is ready on the main port and on the admin listener, never cached")
    void ready() {
        try (TestHub hub = TestHub.start(b -> b.metrics(new MetricsConfig(true, new ListenAddress("127.0.0.1", 0))))) {
            for (URI uri : List.of(hub.uri("/readyz"), admin(hub.server(), "/readyz"))) {
                HttpResponse<String> r = get(uri);
                assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("ready\n");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            }
            assertThat(get(admin(hub.server(), "/nope")).body()).contains("/readyz");
        }
    }

    @Test
    @DisplayName("while the JWK Sets load at start: /healthz 200 (alive), /readyz 503 starting; ready once loaded")
    void notReadyWhileStarting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        jwks.start();
        int port = FreePorts.below32768();
        String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
        AtomicReference<HubServer> started = new AtomicReference<>();
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
            try {
                started.set(HubServer.start(HubConfig.builder().listen(l -> l.host("127.0.0.1").port(port))
                        .auth(a -> a.issuers(List.of(new IssuerSpec(null, Dialect.LEGACY, List.of(), List.of(), url,
                                null, "test"))).anonymous(true))
                        .build()));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> get(ready).statusCode() == 503);
            assertThat(get(ready).body()).isEqualTo("not ready: starting\n");
            assertThat(get(URI.create("http://127.0.0.1:" + port + "/healthz")).statusCode()).isEqualTo(200);
            assertThat(starting).isNotDone();
            release.countDown();
            starting.get(20, TimeUnit.SECONDS);
            assertThat(get(ready).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            starting.handle((v, e) -> null).get(20, TimeUnit.SECONDS);
            if (started.get() != null) {
                started.get().close();
            }
            jwks.stop(0);
        }
    }

    @Test
    @DisplayName("at shutdown with a drain delay: /readyz 503 draining on both listeners while publishes and "
            + "/healthz still succeed; then the listeners close")
    void notReadyWhileDraining() throws Exception {
        // 10 s of draining: what follows must all happen before the listeners close, on a slow machine too.
        TestHub hub = TestHub.start(b -> b.listen(l -> l.drainDelay(Duration.ofSeconds(10)))
                .metrics(new MetricsConfig(true, new ListenAddress("127.0.0.1", 0))));
        List<URI> ready = List.of(hub.uri("/readyz"), admin(hub.server(), "/readyz"));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(hub::close);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> get(ready.get(0)).statusCode() == 503);
            for (URI uri : ready) {
                HttpResponse<String> r = get(uri);
                assertThat(r.statusCode()).as(uri.toString()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("not ready: draining: the hub is shutting down\n");
            }
            assertThat(hub.publish("still served", "https://example.com/d").statusCode()).isEqualTo(200);
            assertThat(get(hub.uri("/healthz")).statusCode()).isEqualTo(200);
        } finally {
            closing.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("the phases: starting, then the transport's health, then draining for good")
    void phases() {
        AtomicReference<Health> transport = new AtomicReference<>(Health.OK);
        Readiness readiness = new Readiness(transport::get);
        assertThat(readiness.now().problem()).isEqualTo("starting");
        readiness.serving();
        assertThat(readiness.now().healthy()).isTrue();
        transport.set(new Health("the history cannot be written"));
        assertThat(readiness.now().problem()).isEqualTo("the history cannot be written");
        readiness.draining();
        readiness.serving();
        transport.set(Health.OK);
        assertThat(readiness.now().problem()).startsWith("draining");
    }

    private static URI admin(HubServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.metricsPort() + path);
    }

    private static HttpResponse<String> get(URI uri) {
        return TestHub.send(HttpRequest.newBuilder(uri).GET().build());
    }
}
