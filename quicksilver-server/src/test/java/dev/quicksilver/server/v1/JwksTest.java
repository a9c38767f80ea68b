package dev.quicksilver.server.v1;

import static dev.quicksilver.server.support.Tokens.atClaims;
import static dev.quicksilver.server.support.Tokens.detail;
import static dev.quicksilver.server.support.Tokens.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.KeyRing;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oauth} issuers whose keys come from a JWK Set, over real sockets (docs/issuers.md "JWK
 * Sets"; Mercure draft-08 "Token Validation": only the keys of the token's {@code iss}): served over
 * loopback http by the
 * JDK's HTTP server or read from a file, rotation, the refetch rate limit, isolation between
 * issuers, an issuer that is down when the hub starts, and a set of thousands of keys.
 *
 * <p>The 30-second refetch window is crossed by moving the hub's clock, never by waiting.
 */
@DisplayName("JWK Sets of oauth issuers")
class JwksTest {
    static final String RESOURCE = "https://hub.example.com/.well-known/mercure";
    static final String ISS = "https://as.example.com";
    static final String ISS_2 = "https://as2.example.com";
    static final String ALL = detail("[\"publish\",\"subscribe\"]", "[{\"match\":\"*\"}]");
    static final Duration PAST_WINDOW = Duration.ofSeconds(31);
    /** RSA key pairs are slow to generate: three for the class, relabelled with {@link #withKid} as needed. */
    static final RSAKey RSA_1 = Tokens.rsaKey(null);
    static final RSAKey RSA_2 = Tokens.rsaKey(null);
    static final RSAKey RSA_3 = Tokens.rsaKey(null);
    static final String FORM = "topic=" + TestHub.encode("https://example.com/jwks") + "&data=x";

    /** The system clock moved forward by the test. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** JWK Sets on loopback http, a document per path, counting the requests of each path. */
    static final class JwksServer implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

        JwksServer(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                byte[] body = documents.get(path);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                    // Fresh for an hour: no refetch happens because the cache went stale.
                    exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }

        JwksServer() throws IOException {
            this(0);
        }

        /** Serves the public halves of these keys at this path from now on. */
        void serve(String path, JWK... keys) {
            documents.put(path, jwks(keys).getBytes(StandardCharsets.UTF_8));
        }

        int requests(String path) {
            AtomicInteger n = requests.get(path);
            return n == null ? 0 : n.get();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(true);
    }

    static IssuerSpec jwksIssuer(String id, String publisherUrl, String subscriberUrl) {
        return new IssuerSpec(id, Dialect.OAUTH, List.of(), List.of(), publisherUrl, subscriberUrl, "test " + id);
    }

    final MovableClock clock = new MovableClock();
    JwksServer server;
    TestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A hub trusting only these issuers, on the movable clock. */
    TestHub start(IssuerSpec... issuers) {
        hub = TestHub.start(HubConfig.builder().listen(l -> l.host("127.0.0.1").port(0).publicUrl(RESOURCE))
                .threads(1)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).generatedKey(false)
                        .issuers(List.of(issuers)))
                .features(f -> f.legacy(false)).build(), clock);
        return hub;
    }

    static String token(String iss, JWK key) {
        return Tokens.accessToken(key, atClaims(iss, json(RESOURCE), ALL));
    }

    int publish(String token) {
        return hub.post(token, FORM).statusCode();
    }

    int subscribe(String token) {
        try (SseClient c = SseClient.open(hub.uri("/.well-known/mercure?match=" + TestHub.encode("https://example.com/jwks")),
                Map.of("Authorization", "Bearer " + token))) {
            return c.status();
        }
    }

    /** The same key pair under another key id. */
    static RSAKey withKid(RSAKey key, String kid) {
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    /**
     * RSA public keys with random 2048-bit moduli and key ids {@code prefix0, prefix1…}: a signature
     * check with one costs what it costs with a real key, and thousands are made in an instant
     * (no key pair is generated).
     */
    static List<JWK> randomPublicKeys(int count, String prefix) {
        Random random = new Random(count);
        List<JWK> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger modulus = new BigInteger(2048, random).setBit(2047).setBit(0);
            keys.add(new RSAKey.Builder(Base64URL.encode(modulus), Base64URL.encode(BigInteger.valueOf(65537)))
                    .keyID(prefix + i).build());
        }
        return keys;
    }

    // ---------------------------------------------------------------- tests

    @Test
    @DisplayName("draft-08 Token Validation, issuers.md JWK Sets: a JWK Set over loopback http: RS256 and ES256 tokens "
            + "with a kid are accepted, to publish and subscribe; a token whose kid names the other key, or signed by "
            + "a stranger, is not")
    void httpJwks() throws IOException {
        RSAKey rsa = withKid(RSA_1, "rsa-1");
        ECKey ec = Tokens.ecKey("ec-1");
        server = new JwksServer();
        server.serve("/jwks.json", rsa, ec);
        start(jwksIssuer(ISS, server.url("/jwks.json"), server.url("/jwks.json")));
        assertThat(publish(token(ISS, rsa))).isEqualTo(200);
        assertThat(publish(token(ISS, ec))).isEqualTo(200);
        assertThat(subscribe(token(ISS, rsa))).isEqualTo(200);
        assertThat(subscribe(token(ISS, ec))).isEqualTo(200);
        assertThat(publish(token(ISS, withKid(rsa, "ec-1")))).as("kid of the EC key, RSA signature").isEqualTo(401);
        assertThat(publish(token(ISS, withKid(RSA_2, "rsa-1")))).as("a stranger's key").isEqualTo(401);
        assertThat(publish(token(ISS, RSA_3))).as("a stranger's key, no kid").isEqualTo(401);
        assertThat(publish(token(ISS_2, rsa))).as("unknown iss").isEqualTo(401);
    }

    @Test
    @DisplayName("issuers.md JWK Sets: a file:// JWK Set: RS256 and ES256 tokens with a kid are accepted; a stranger's "
            + "are not")
    void fileJwks(@TempDir Path dir) throws IOException {
        RSAKey rsa = withKid(RSA_1, "rsa-file");
        ECKey ec = Tokens.ecKey("ec-file");
        Path file = Files.writeString(dir.resolve("jwks.json"), jwks(rsa, ec));
        String url = file.toUri().toString();
        assertThat(url).startsWith("file:/");
        start(jwksIssuer(ISS, url, url));
        assertThat(publish(token(ISS, rsa))).isEqualTo(200);
        assertThat(publish(token(ISS, ec))).isEqualTo(200);
        assertThat(subscribe(token(ISS, ec))).isEqualTo(200);
        assertThat(publish(token(ISS, withKid(RSA_2, "rsa-file")))).isEqualTo(401);
    }

    @Test
    @DisplayName("issuers.md JWK Sets, rotation: once the issuer serves a new key, a token with its kid is accepted "
            + "after one refetch; the rotated-out key is refused")
    void rotation() throws IOException {
        RSAKey old = withKid(RSA_1, "2026-01");
        ECKey fresh = Tokens.ecKey("2026-02");
        server = new JwksServer();
        server.serve("/pub.json", old);
        server.serve("/sub.json", old);
        start(jwksIssuer(ISS, server.url("/pub.json"), server.url("/sub.json")));
        assertThat(server.requests("/pub.json")).as("fetched at start").isEqualTo(1);
        assertThat(publish(token(ISS, old))).isEqualTo(200);

        server.serve("/pub.json", fresh);
        server.serve("/sub.json", fresh);
        clock.advance(PAST_WINDOW);
        assertThat(publish(token(ISS, fresh))).isEqualTo(200);
        assertThat(server.requests("/pub.json")).as("one refetch").isEqualTo(2);
        assertThat(publish(token(ISS, fresh))).isEqualTo(200);
        assertThat(subscribe(token(ISS, fresh))).as("the subscribers' set rotates too").isEqualTo(200);
        assertThat(server.requests("/pub.json")).as("no refetch once the key is known").isEqualTo(2);
        assertThat(server.requests("/sub.json")).isEqualTo(2);
        assertThat(publish(token(ISS, old))).as("the set replaced the old key").isEqualTo(401);
    }

    @Test
    @DisplayName("issuers.md JWK Sets, rate limit: forged kids cause at most one fetch per 30-second window (counted "
            + "at the issuer)")
    void forgedKidRateLimited() throws IOException {
        RSAKey real = withKid(RSA_1, "real");
        RSAKey attacker = RSA_2;
        server = new JwksServer();
        server.serve("/pub.json", real);
        server.serve("/sub.json", real);
        start(jwksIssuer(ISS, server.url("/pub.json"), server.url("/sub.json")));
        assertThat(server.requests("/pub.json")).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(publish(token(ISS, withKid(attacker, "forged-" + i)))).isEqualTo(401);
        }
        assertThat(server.requests("/pub.json")).as("within the start's window: no fetch").isEqualTo(1);

        clock.advance(PAST_WINDOW);
        for (int i = 0; i < 5; i++) {
            assertThat(publish(token(ISS, withKid(attacker, "forged-late-" + i)))).isEqualTo(401);
            assertThat(subscribe(token(ISS, withKid(attacker, "forged-sub-" + i)))).isEqualTo(401);
        }
        assertThat(server.requests("/pub.json")).as("one fetch in the next window").isEqualTo(2);
        assertThat(server.requests("/sub.json")).isEqualTo(2);

        clock.advance(PAST_WINDOW);
        assertThat(publish(token(ISS, withKid(attacker, "forged-later")))).isEqualTo(401);
        assertThat(publish(token(ISS, withKid(attacker, "forged-later-2")))).isEqualTo(401);
        assertThat(server.requests("/pub.json")).as("and one in the window after").isEqualTo(3);
        assertThat(publish(token(ISS, real))).as("the real key still works").isEqualTo(200);
        assertThat(server.requests("/pub.json")).isEqualTo(3);
    }

    @Test
    @DisplayName("draft-08 Token Validation: two issuers with JWK Sets never accept each other's tokens, even when "
            + "their key ids collide")
    void issuersIsolated() throws IOException {
        RSAKey a = withKid(RSA_1, "shared-kid");
        RSAKey b = withKid(RSA_2, "shared-kid");
        ECKey a2 = Tokens.ecKey("a-only");
        server = new JwksServer();
        server.serve("/a.json", a, a2);
        server.serve("/b.json", b);
        start(jwksIssuer(ISS, server.url("/a.json"), server.url("/a.json")),
                jwksIssuer(ISS_2, server.url("/b.json"), server.url("/b.json")));
        assertThat(publish(token(ISS, a))).isEqualTo(200);
        assertThat(publish(token(ISS, a2))).isEqualTo(200);
        assertThat(publish(token(ISS_2, b))).isEqualTo(200);
        assertThat(publish(token(ISS_2, a))).as("A's key, same kid, iss B").isEqualTo(401);
        assertThat(publish(token(ISS, b))).as("B's key, same kid, iss A").isEqualTo(401);
        assertThat(publish(token(ISS_2, a2))).as("A's key with a kid only A has, iss B").isEqualTo(401);
        assertThat(subscribe(token(ISS_2, a))).isEqualTo(401);
        clock.advance(PAST_WINDOW);
        assertThat(publish(token(ISS_2, a2))).as("even after B refetches its set").isEqualTo(401);
    }

    @Test
    @DisplayName("issuers.md JWK Sets, availability: the hub starts while the JWK Set URL is down, and accepts tokens "
            + "once the issuer is up and a token triggers the refresh (the window is crossed on the hub's clock)")
    void downAtStart() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/jwks.json";
        start(jwksIssuer(ISS, url, url));
        assertThat(hub.get("/healthz", Map.of()).statusCode()).isEqualTo(200);

        RSAKey key = withKid(RSA_1, "k1");
        server = new JwksServer(port);
        server.serve("/jwks.json", key);
        clock.advance(PAST_WINDOW);
        assertThat(publish(token(ISS, key))).isEqualTo(200);
        assertThat(subscribe(token(ISS, key))).isEqualTo(200);
        assertThat(server.requests("/jwks.json")).as("one fetch on demand, shared by both roles").isEqualTo(1);
    }

    @Test
    @DisplayName("issuers.md JWK Sets, key lookup without kid: against an issuer's set of 2,001 keys, four senders of "
            + "tokens without kid each get a prompt 401 asking for a kid (no key is tried), while /healthz, a "
            + "subscriber and a publisher with kid tokens keep working")
    void kidlessTokensAgainstLargeSet() throws Exception {
        RSAKey real = withKid(RSA_1, "real");
        List<JWK> keys = new ArrayList<>(randomPublicKeys(2000, "k-"));
        keys.add(real);
        server = new JwksServer();
        server.serve("/jwks.json", keys.toArray(JWK[]::new));
        start(jwksIssuer(ISS, server.url("/jwks.json"), server.url("/jwks.json")));
        String topic = "https://example.com/jwks";

        try (SseClient subscriber = SseClient.open(hub.uri("/.well-known/mercure?match=" + TestHub.encode(topic)),
                Map.of("Authorization", "Bearer " + token(ISS, real)))) {
            assertThat(subscriber.status()).as("a subscriber whose token names its key").isEqualTo(200);
            // Tokens without kid: one signed by a key of the set, one by a stranger.
            RSAKey signerWithoutKid = new RSAKey.Builder(real).keyID(null).build();
            List<String> kidless = List.of(token(ISS, signerWithoutKid), token(ISS, RSA_2));
            int senders = 4;
            int perSender = 10;
            List<Long> millis = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Future<List<HttpResponse<String>>>> sent = new ArrayList<>();
            try {
                for (int s = 0; s < senders; s++) {
                    sent.add(pool.submit(() -> {
                        List<HttpResponse<String>> responses = new ArrayList<>();
                        for (int i = 0; i < perSender; i++) {
                            long t0 = System.nanoTime();
                            responses.add(hub.post(kidless.get(i % 2), FORM));
                            millis.add((System.nanoTime() - t0) / 1_000_000);
                        }
                        return responses;
                    }));
                }
                // Meanwhile: the hub answers its health check and serves tokens that name their key.
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    assertThat(hub.get("/healthz", Map.of()).statusCode()).isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("/healthz during the kid-less requests")
                            .isLessThan(Duration.ofSeconds(5)); // trying 2,001 RSA keys would take far longer
                    assertThat(publish(token(ISS, real))).as("a publisher whose token names its key").isEqualTo(200);
                    assertThat(subscriber.next(Duration.ofSeconds(5))).as("the update reaches the subscriber")
                            .isNotNull();
                }
                for (Future<List<HttpResponse<String>>> f : sent) {
                    for (HttpResponse<String> r : f.get(60, TimeUnit.SECONDS)) {
                        assertThat(r.statusCode()).as("a token without kid, against more than %d keys, is refused",
                                KeyRing.MAX_CANDIDATE_KEYS).isEqualTo(401);
                        assertThat(r.body()).as("the refusal asks for a kid instead of trying the keys")
                                .contains("names no key id (kid)").contains("must name its key");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(millis).hasSize(senders * perSender)
                    .allSatisfy(ms -> assertThat(ms).as("each refusal is prompt (ms)").isLessThan(10_000L));
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.println("kid-less refusals against 2,001 keys: median " + sorted.get(sorted.size() / 2)
                    + " ms, max " + sorted.get(sorted.size() - 1) + " ms");
        }
    }
}
