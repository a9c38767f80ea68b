package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.TlsConfig;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscriber against a real hub over sockets: each era's selectors and tokens, HTTP/2, a hub restart. */
class SubscriberTest {
    private static final String WELL_KNOWN = "/.well-known/mercure";
    private static RealHub hub;
    private static MercureHub legacyPublisher;

    @BeforeAll
    static void start() {
        hub = RealHub.start();
        legacyPublisher = MercureHub.builder(hub.url(WELL_KNOWN)).tokens(JwtTokenFactory.legacy(
                SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).publish("*").build()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** Events and failures of one subscriber, to wait on. */
    static final class Received {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final BlockingQueue<SubscribeException> errors = new LinkedBlockingQueue<>();

        Subscriber.Builder listen(Subscriber.Builder b) {
            return b.onEvent(events::add).onError(errors::add);
        }

        Event next() throws InterruptedException {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        SubscribeException nextError() throws InterruptedException {
            SubscribeException e = errors.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an error within 10 s").isNotNull();
            return e;
        }
    }

    /** Waits until the subscriber's stream is open, so that what is published next reaches it live. */
    static void awaitOpen(Subscriber s, int connections) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.connections() < connections && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(s.connections()).as("connections opened").isGreaterThanOrEqualTo(connections);
    }

    @Test
    @DisplayName("0.x: topic= with a legacy token in the header receives a private update with its id, type and"
            + " multi-line data")
    void legacyEra() throws Exception {
        Received r = new Received();
        String topic = "https://example.com/sub/legacy/1";
        try (Subscriber s = r.listen(Subscriber.builder(hub.url(WELL_KNOWN)).topic("https://example.com/sub/legacy/{id}")
                .token(RealHub.legacySubscriber()).version(HttpClient.Version.HTTP_1_1)).connect()) {
            awaitOpen(s, 1);
            String id = legacyPublisher.publish(Update.builder().topic(topic).data("a\nb").type("note").privateUpdate(true)
                    .build());
            assertThat(r.next()).isEqualTo(new Event(id, "note", "a\nb"));
            assertThat(s.lastEventId()).isEqualTo(id);
        }
    }

    @Test
    @DisplayName("0.x: the token in the mercureAuthorization cookie, as a browser sends the AuthorizationCookie")
    void cookie() throws Exception {
        Received r = new Received();
        String topic = "https://example.com/sub/cookie/1";
        AuthorizationCookie c = AuthorizationCookie.forHub(hub.url(WELL_KNOWN)).build(RealHub.legacySubscriber(),
                "127.0.0.1");
        try (Subscriber s = r.listen(Subscriber.builder(hub.url(WELL_KNOWN)).topic(topic).token(c.value())
                .cookie(c.name())).connect()) {
            awaitOpen(s, 1);
            String id = legacyPublisher.publish(Update.privateOf("secret", topic));
            assertThat(r.next()).isEqualTo(new Event(id, "message", "secret"));
        }
    }

    @Test
    @DisplayName("seed era: /hub with target labels receives an update targeted at the subscriber")
    void seedEra() throws Exception {
        Received r = new Received();
        String topic = "https://example.com/sub/seed/1";
        SigningKey key = SigningKey.hmac(RealHub.TARGETS_SECRET, "HS256");
        MercureHub seed = MercureHub.builder(hub.url("/hub")).tokens(JwtTokenFactory.targets(key).publish("*").build())
                .maxRetries(0).build();
        try (Subscriber s = r.listen(Subscriber.builder(hub.url("/hub")).topic(topic)
                .tokens(JwtTokenFactory.targets(key).subscribe("alice").build()::create)).connect()) {
            awaitOpen(s, 1);
            seed.publish(Update.builder().topic(topic).data("for bob").target("bob").build());
            String id = seed.publish(Update.builder().topic(topic).data("for alice").target("alice").build());
            assertThat(r.next()).isEqualTo(new Event(id, "message", "for alice"));
        }
    }

    @Test
    @DisplayName("1.0: match= and match_urlpattern= with an RFC 9068 access token; a topic matched by neither is not"
            + " received")
    void oneDotZero() throws Exception {
        Received r = new Received();
        JwtTokenFactory tokens = JwtTokenFactory.accessToken(SigningKey.hmac(RealHub.OAUTH_SECRET, "HS256"),
                RealHub.ISSUER, RealHub.PUBLIC_URL).subscribeMatching("https://example.com/*")
                .publishMatching("https://example.com/*").build();
        MercureHub publisher = MercureHub.builder(hub.url(WELL_KNOWN)).tokens(tokens).maxRetries(0).build();
        try (Subscriber s = r.listen(Subscriber.builder(hub.url(WELL_KNOWN)).match("https://example.com/v1/exact")
                .matchUrlPattern("https://example.com/v1/books/:id").tokens(TokenProvider.cached(tokens))).connect()) {
            awaitOpen(s, 1);
            String a = publisher.publish(Update.privateOf("exact", "https://example.com/v1/exact"));
            publisher.publish(Update.of("elsewhere", "https://example.com/v1/authors/1"));
            String b = publisher.publish(Update.of("pattern", "https://example.com/v1/books/7"));
            assertThat(r.next()).isEqualTo(new Event(a, "message", "exact"));
            assertThat(r.next()).isEqualTo(new Event(b, "message", "pattern"));
        }
    }

    @Test
    @DisplayName("Last-Event-ID: a new subscriber starting from an id receives what came after it, from history")
    void resumeFromId() throws Exception {
        String topic = "https://example.com/sub/resume";
        String first = legacyPublisher.publish(Update.of("1", topic));
        String second = legacyPublisher.publish(Update.of("2", topic));
        Received r = new Received();
        try (Subscriber s = r.listen(Subscriber.builder(hub.url(WELL_KNOWN)).topic(topic).lastEventId(first)
                .token(RealHub.legacySubscriber())).connect()) {
            assertThat(r.next()).isEqualTo(new Event(second, "message", "2"));
        }
    }

    @Test
    @DisplayName("401: a token the hub refuses stops the subscriber with the hub's answer; it does not reconnect")
    void refused() throws Exception {
        Received r = new Received();
        try (Subscriber s = r.listen(Subscriber.builder(hub.url(WELL_KNOWN)).topic("https://example.com/x")
                .token(JwtTokenFactory.legacy(SigningKey.hmac("not-the-key-0123456789abcdefghijklmn", "HS256"))
                        .subscribe("*").build().create()).reconnect(Duration.ofMillis(10), Duration.ofMillis(10))).connect()) {
            SubscribeException e = r.nextError();
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.willReconnect()).isFalse();
            assertThat(e.body()).isNotBlank();
            assertThat(s.isClosed()).isTrue();
            assertThat(s.connections()).isZero();
        }
    }

    @Test
    @DisplayName("HTTP/2 over TLS (ALPN) and HTTP/1.1 over TLS: the same events")
    void http2() throws Exception {
        Path cert = Path.of("../quicksilver-server/src/test/resources/tls/localhost.crt");
        Path key = Path.of("../quicksilver-server/src/test/resources/tls/localhost.key");
        try (RealHub tls = RealHub.start(b -> b.tls(new TlsConfig(cert, key)))) {
            SSLContext trust = trusting(cert);
            String url = "https://localhost:" + tls.port() + WELL_KNOWN;
            MercureHub publisher = MercureHub.builder(url).sslContext(trust).tokens(JwtTokenFactory.legacy(
                    SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).publish("*").build()).build();
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
                Received r = new Received();
                try (Subscriber s = r.listen(Subscriber.builder(url).topic("https://example.com/h2").version(version)
                        .sslContext(trust).token(RealHub.legacySubscriber())).connect()) {
                    awaitOpen(s, 1);
                    assertThat(s.httpVersion()).isEqualTo(version);
                    String id = publisher.publish(Update.of("over " + version, "https://example.com/h2"));
                    assertThat(r.next()).isEqualTo(new Event(id, "message", "over " + version));
                }
            }
        }
    }

    @Test
    @DisplayName("a hub restart (durable history, same port): the subscriber reconnects with Last-Event-ID and receives"
            + " every update exactly once, in order, with a renewed token")
    void acrossRestart(@TempDir Path data) throws Exception {
        RealHub first = RealHub.start(b -> b.history(h -> h.store(HistoryStore.SQLITE).dataDir(data)));
        int port = first.port();
        String url = first.url(WELL_KNOWN);
        MercureHub publisher = MercureHub.builder(url).tokens(JwtTokenFactory.legacy(
                SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).publish("*").build())
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).maxRetries(10).build();
        List<String> tokensGiven = new ArrayList<>();
        TokenProvider renewing = () -> {
            String t = JwtTokenFactory.legacy(SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).subscribe("*")
                    .claim("n", tokensGiven.size()).build().create();
            tokensGiven.add(t);
            return t;
        };
        Received r = new Received();
        String topic = "https://example.com/sub/restart";
        List<String> ids = new ArrayList<>();
        RealHub second = null;
        try (Subscriber s = r.listen(Subscriber.builder(url).topic(topic).tokens(renewing)
                .reconnect(Duration.ofMillis(300), Duration.ofSeconds(1))).connect()) {
            awaitOpen(s, 1);
            for (int i = 1; i <= 3; i++) {
                ids.add(publisher.publish(Update.of("before " + i, topic)));
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(r.next().data()).isEqualTo("before " + i);
            }
            first.close();
            second = RealHub.start(b -> b.listen(l -> l.host("127.0.0.1").port(port).publicUrl(RealHub.PUBLIC_URL))
                    .history(h -> h.store(HistoryStore.SQLITE).dataDir(data)));
            // published while the subscriber is away or just back: history or live, each once
            for (int i = 1; i <= 3; i++) {
                ids.add(publisher.publish(Update.of("after " + i, topic)));
            }
            List<Event> after = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                after.add(r.next());
            }
            assertThat(after).extracting(Event::data).containsExactly("after 1", "after 2", "after 3");
            assertThat(after).extracting(Event::id).containsExactlyElementsOf(ids.subList(3, 6));
            assertThat(r.events.poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
            assertThat(s.connections()).isGreaterThanOrEqualTo(2);
            assertThat(tokensGiven).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
            assertThat(r.errors).isNotEmpty().allMatch(SubscribeException::willReconnect);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** An SSLContext trusting only this certificate (the server module's test certificate). */
    static SSLContext trusting(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("localhost", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
    }
}
