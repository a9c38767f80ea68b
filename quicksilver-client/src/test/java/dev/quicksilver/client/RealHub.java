package dev.quicksilver.client;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real hub in-process on a free loopback port that trusts one key per era: a 0.x (legacy) key,
 * a seed-era (targets) key and a 1.0 oauth issuer, with history in memory.
 */
final class RealHub implements AutoCloseable {
    static final String LEGACY_SECRET = "client-legacy-secret-0123456789abcdef";
    static final String TARGETS_SECRET = "client-targets-secret-0123456789abcde";
    static final String OAUTH_SECRET = "client-oauth-secret-0123456789abcdefg";
    static final String ISSUER = "https://issuer.example";
    /** The hub's public URL: access tokens name it in {@code aud}. */
    static final String PUBLIC_URL = "https://hub.example.com/.well-known/mercure";
    static final int MAX_BODY = 4096;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HubServer server;

    private RealHub(HubServer server) {
        this.server = server;
    }

    static RealHub start() {
        return start(b -> b);
    }

    /** The hub as {@link #start()} starts it, adjusted (a port, durable history, TLS...). */
    static RealHub start(UnaryOperator<HubConfig.Builder> adjust) {
        HubConfig config = adjust.apply(HubConfig.builder().threads(1).listen(l -> l.host("127.0.0.1").port(0).publicUrl(PUBLIC_URL))
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).generatedKey(false)
                        .issuers(List.of(issuer(ISSUER, Dialect.OAUTH, OAUTH_SECRET),
                                issuer(null, Dialect.LEGACY, LEGACY_SECRET),
                                issuer(null, Dialect.TARGETS, TARGETS_SECRET))))
                .features(f -> f.legacy(true))
                .limits(l -> l.maxBodySize(MAX_BODY))
                .history(h -> h.store(HistoryStore.MEMORY))).build();
        try {
            return new RealHub(HubServer.start(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static IssuerSpec issuer(String id, Dialect dialect, String secret) {
        KeySpec key = new KeySpec(secret, "HS256", dialect, "test");
        return new IssuerSpec(id, dialect, List.of(key), List.of(key), null, null, "test " + dialect.label());
    }

    int port() {
        return server.port();
    }

    /** This path on the hub, e.g. {@code /.well-known/mercure} (0.x and 1.0) or {@code /hub} (seed era). */
    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A 0.x token that may subscribe to everything, for the subscribers of the tests. */
    static String legacySubscriber() {
        return JwtTokenFactory.legacy(SigningKey.hmac(LEGACY_SECRET, "HS256")).subscribe("*").build().create();
    }

    /** Opens an SSE stream on this topic at this path, with this bearer token. */
    Stream subscribe(String path, String topic, String token) {
        URI uri = URI.create(url(path) + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new AssertionError("subscribe → " + r.statusCode() + " " + new String(r.body().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            return new Stream(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** The events of one stream, read line by line on a thread of its own. */
    static final class Stream implements AutoCloseable {
        private final InputStream body;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Stream(InputStream body) {
            this.body = body;
            Thread reader = new Thread(this::read, "client-test-sse");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<closed: " + e.getMessage() + ">");
            }
        }

        /** The next event's {@code id} and {@code data} lines, as "id|data", skipping comments; fails after 10 s. */
        String nextEvent() throws InterruptedException {
            String id = null;
            StringBuilder data = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(line.substring(6));
                } else if (line.isEmpty() && data != null) {
                    return id + "|" + data;
                }
            }
            throw new AssertionError("No event in 10 s");
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
