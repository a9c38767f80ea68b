package dev.quicksilver.server.support;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IoTransport;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.config.TlsConfig;
import dev.quicksilver.server.http.Tls;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A real hub on a free loopback port, with a known key, for tests over real sockets.
 */
public final class TestHub implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789abcdefghijklmnop";
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HubServer server;
    /** The client of {@link #post} and {@link #get}: HTTP/1.1, over TLS when the hub serves it. */
    private final HttpClient client;

    private TestHub(HubServer server) {
        this.server = server;
        this.client = server.hub().config().tls().enabled() ? https(HttpClient.Version.HTTP_1_1) : HTTP;
    }

    /** A client that trusts the test certificate ({@link TestTls}), speaking this version. */
    public static HttpClient https(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(TestTls.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A hub serving TLS with the test certificate, by this provider. */
    public static TestHub startTls(SslProvider provider, UnaryOperator<HubConfig.Builder> adjust) {
        return startAsIs(adjust.apply(base().tls(new TlsConfig(TestTls.CERT, TestTls.KEY))).build(), Clock.systemUTC(),
                provider);
    }

    /**
     * A hub with a legacy-dialect key {@link #SECRET} for both roles and history in memory (fast,
     * nothing left on disk), adjusted by the caller.
     */
    public static TestHub start(UnaryOperator<HubConfig.Builder> adjust) {
        return startAsIs(adjust.apply(base()).build(), Clock.systemUTC(), Tls.preferredProvider());
    }

    /**
     * The direct-send setting of the hubs the tests start: the default, unless the build runs the
     * delivery tests a second time with {@code -Dquicksilver.test.direct-send=false} (see the
     * server module's pom), so that both ways a live delivery can take are tested alike.
     */
    static final boolean DIRECT_SEND = Boolean.parseBoolean(System.getProperty("quicksilver.test.direct-send", "true"));

    /**
     * The event loops' kind ({@code io-transport}) of the hubs the tests start, when the build
     * forces one with {@code -Dquicksilver.test.io-transport=epoll} (see the server module's pom);
     * null keeps the configuration's own (by default {@code auto}: epoll where available).
     */
    public static final @Nullable IoTransport IO_TRANSPORT = ioTransport(System.getProperty("quicksilver.test.io-transport"));

    private static @Nullable IoTransport ioTransport(@Nullable String property) {
        return property == null || property.isBlank() ? null
                : IoTransport.valueOf(property.trim().toUpperCase(java.util.Locale.ROOT));
    }

    private static HubConfig.Builder base() {
        KeySpec key = new KeySpec(SECRET, null, Dialect.LEGACY, "test");
        return HubConfig.builder().listen(l -> l.host("127.0.0.1").port(0))
                .auth(a -> a.publisherKeys(List.of(key)).subscriberKeys(List.of(key)).generatedKey(false))
                .history(h -> h.store(HistoryStore.MEMORY))
                .streams(s -> s.directSend(DIRECT_SEND));
    }

    public static TestHub start() {
        return start(b -> b);
    }

    public static TestHub start(HubConfig config) {
        return start(config, java.time.Clock.systemUTC());
    }

    /**
     * A hub whose clock (token times, JWK Set caching and rate limits) the test controls. Its
     * history is in memory unless the configuration chose a store explicitly (history or data-dir
     * set in the environment given to the loader): the default would write to the working directory.
     */
    public static TestHub start(HubConfig config, java.time.Clock clock) {
        boolean chosen = config.sources().containsKey("history") || config.sources().containsKey("data-dir");
        return startAsIs(chosen ? config : config.toBuilder().history(h -> h.store(HistoryStore.MEMORY)).build(),
                clock, Tls.preferredProvider());
    }

    private static TestHub startAsIs(HubConfig config, Clock clock, SslProvider tlsProvider) {
        HubConfig forced = IO_TRANSPORT == null ? config : config.toBuilder().listen(l -> l.ioTransport(IO_TRANSPORT)).build();
        try {
            return new TestHub(HubServer.start(forced, clock, tlsProvider));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HubServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        String scheme = server.hub().config().tls().enabled() ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + port() + pathAndQuery);
    }

    /** The hub URL with topic selectors (and any extra query) appended. */
    public URI subscribeUri(String... topics) {
        StringBuilder q = new StringBuilder("/.well-known/mercure?");
        for (String t : topics) {
            q.append("topic=").append(encode(t)).append('&');
        }
        return uri(q.substring(0, q.length() - 1));
    }

    public SseClient subscribe(String... topics) {
        return SseClient.open(subscribeUri(topics));
    }

    public SseClient subscribeWithToken(String token, String... topics) {
        return SseClient.open(subscribeUri(topics), Map.of("Authorization", "Bearer " + token));
    }

    /** A token that may publish and subscribe to everything. */
    public static String allAccess() {
        return Tokens.mercure(SECRET, "[\"*\"]", "[\"*\"]");
    }

    /** Posts a form body (already encoded) to the hub with this token (null: none). */
    public HttpResponse<String> post(String token, String form) {
        return post("/.well-known/mercure", token, form, Map.of());
    }

    public HttpResponse<String> post(String path, String token, String form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(client, request.build());
    }

    /** Publishes a public update on these topics with this data; returns the response. */
    public HttpResponse<String> publish(String data, String... topics) {
        StringBuilder form = new StringBuilder("data=" + encode(data));
        for (String t : topics) {
            form.append("&topic=").append(encode(t));
        }
        return post(allAccess(), form.toString());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(client, request.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        return send(HTTP, request);
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This hub's {@code /metrics}, parsed. */
    public Scrape metrics() {
        return Scrape.of("http://127.0.0.1:" + port());
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
