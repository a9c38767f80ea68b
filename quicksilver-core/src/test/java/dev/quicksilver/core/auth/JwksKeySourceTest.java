package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.JwkFixtures.await;
import static dev.quicksilver.core.auth.JwkFixtures.ec;
import static dev.quicksilver.core.auth.JwkFixtures.jwks;
import static dev.quicksilver.core.auth.JwkFixtures.kids;
import static dev.quicksilver.core.auth.JwkFixtures.oct;
import static dev.quicksilver.core.auth.JwkFixtures.rsa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.quicksilver.core.auth.JwkFixtures.JwksServer;
import dev.quicksilver.core.auth.JwkFixtures.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JWK Set fetched over loopback HTTP or from a file (docs/issuers.md "JWK Sets"; RFC 7517): lazy
 * first load, rate-limited refresh shared by concurrent callers, max-age, stale-while-revalidate,
 * rotation, failures that keep the previous keys, size and URL limits. Time is a clock the tests move;
 * fetches are awaited through their futures, never by sleeping.
 */
@DisplayName("JwksKeySource: fetch, cache, rotate, rate-limit, fail safe")
class JwksKeySourceTest {
    private static final TokenKey.Options LEGACY = TokenKey.Options.of(Dialect.LEGACY);
    private static final RSAKey A = rsa("a");
    private static final RSAKey B = rsa("b");
    private static final ECKey C = ec(Curve.P_256, "c");

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final JwksServer server = new JwksServer();
    private final List<JwksKeySource> sources = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        sources.forEach(JwksKeySource::close);
        server.close();
    }

    private JwksKeySource source(URI uri, JwksKeySource.Tuning tuning) {
        JwksKeySource s = new JwksKeySource(uri, LEGACY, clock, tuning, warnings::add);
        sources.add(s);
        return s;
    }

    private JwksKeySource source() {
        return source(server.uri(), JwksKeySource.Tuning.defaults());
    }

    @Test
    @DisplayName("nothing is fetched at construction; start() loads and completes with the keys")
    void startLoads() {
        server.serve(jwks(A, C));
        JwksKeySource s = source();
        assertThat(s.fetchesStarted()).isZero();
        assertThat(server.requests.get()).isZero();
        List<TokenKey> keys = await(s.start());
        assertThat(kids(keys)).containsExactly("a", "c");
        assertThat(keys).hasSize(7);
        assertThat(s.keys()).isEqualTo(keys);
        assertThat(server.requests.get()).isEqualTo(1);
        assertThat(server.acceptHeaders).containsExactly("application/jwk-set+json, application/json");
        // start() again is idempotent: no second fetch.
        assertThat(await(s.start())).isEqualTo(keys);
        assertThat(s.fetchesStarted()).isEqualTo(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    @DisplayName("keys() never blocks: the first call answers none and starts the load")
    void lazyFirstLoad() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        assertThat(s.keys()).isEmpty();
        assertThat(s.fetchesStarted()).isEqualTo(1);
        assertThat(kids(await(s.start()))).containsExactly("a");
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("an unreachable issuer: start() still completes (no keys), with a warning; later fetches retry")
    void unreachableAtStart() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JwksKeySource s = source(URI.create("http://127.0.0.1:" + port + "/jwks"), JwksKeySource.Tuning.defaults());
        assertThat(await(s.start())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("could not fetch").contains("127.0.0.1:" + port);
        clock.advanceSeconds(30);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(2);
    }

    @Test
    @DisplayName("after a failed fetch the next one is allowed sooner (5 s), not after the whole interval")
    void retrySoonerAfterFailure() {
        server.status = 500;
        JwksKeySource s = source();
        assertThat(await(s.start())).isEmpty();
        server.status = 200;
        server.serve(jwks(A));
        clock.advanceSeconds(4);
        assertThat(await(s.refresh())).isEmpty();
        assertThat(server.requests.get()).isEqualTo(1);
        clock.advanceSeconds(1);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(server.requests.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("refresh() is rate-limited: at most one fetch per minRefreshInterval")
    void rateLimited() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        server.serve(jwks(A, B));
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        clock.advanceSeconds(29);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(server.requests.get()).isEqualTo(1);
        clock.advanceSeconds(1);
        assertThat(kids(await(s.refresh()))).containsExactly("a", "b");
        assertThat(server.requests.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("concurrent refreshes share the fetch in flight")
    void sharedInFlight() {
        server.serve(jwks(A));
        CountDownLatch gate = new CountDownLatch(1);
        server.gate = gate;
        JwksKeySource s = source();
        CompletionStage<List<TokenKey>> first = s.refresh();
        CompletionStage<List<TokenKey>> second = s.refresh();
        CompletionStage<List<TokenKey>> third = s.start();
        assertThat(s.keys()).isEmpty();
        gate.countDown();
        assertThat(kids(await(first))).containsExactly("a");
        assertThat(kids(await(second))).containsExactly("a");
        assertThat(kids(await(third))).containsExactly("a");
        assertThat(s.fetchesStarted()).isEqualTo(1);
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("rotation: a new kid appears and a removed kid disappears after a refresh")
    void rotation() {
        server.serve(jwks(A, B));
        JwksKeySource s = source();
        assertThat(kids(await(s.start()))).containsExactly("a", "b");
        server.serve(jwks(B, C));
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("b", "c");
        assertThat(kids(s.keys())).containsExactly("b", "c");
    }

    @Test
    @DisplayName("without Cache-Control the keys stay fresh for defaultMaxAge (5 min), then are served stale while refreshing")
    void defaultMaxAgeAndStaleWhileRevalidate() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        server.serve(jwks(B));
        clock.advanceSeconds(299);
        assertThat(kids(s.keys())).containsExactly("a");
        assertThat(s.fetchesStarted()).isEqualTo(1);
        clock.advanceSeconds(1);
        // Stale: answered at once with the old keys, and a refresh starts in the background.
        assertThat(kids(s.keys())).containsExactly("a");
        assertThat(s.fetchesStarted()).isEqualTo(2);
        // refresh() joins the fetch in flight, or answers its result if it is already done.
        assertThat(kids(await(s.refresh()))).containsExactly("b");
        assertThat(server.requests.get()).isEqualTo(2);
        assertThat(s.fetchesStarted()).isEqualTo(2);
    }

    @Test
    @DisplayName("Cache-Control max-age is honoured")
    void maxAgeHonoured() {
        server.serve(jwks(A));
        server.headers = Map.of("Cache-Control", "public, max-age=600, must-revalidate");
        JwksKeySource s = source();
        await(s.start());
        clock.advanceSeconds(599);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(1);
        clock.advanceSeconds(1);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(2);
    }

    @Test
    @DisplayName("max-age is bounded: below 1 min counts as 1 min, above 24 h as 24 h")
    void maxAgeBounds() {
        server.serve(jwks(A));
        server.headers = Map.of("Cache-Control", "max-age=0");
        JwksKeySource s = source();
        await(s.start());
        clock.advanceSeconds(59);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(1);
        clock.advanceSeconds(1);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(2);

        assertThat(s.maxAge("max-age=999999999")).isEqualTo(Duration.ofHours(24));
        assertThat(s.maxAge("no-cache, max-age=\"120\"")).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.maxAge("MAX-AGE=90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.maxAge("s-maxage=90")).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAge("max-age=abc")).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAge(null)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("a failed fetch (HTTP 500, then the server gone) keeps the previous keys and warns")
    void failedFetchKeepsKeys() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        server.status = 500;
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(warnings).singleElement().asString().contains("HTTP status 500").contains("keeping the 6 known keys");
        server.close();
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(warnings).hasSize(2);
        assertThat(kids(s.keys())).containsExactly("a");
    }

    @ParameterizedTest(name = "invalid document {0}")
    @ValueSource(strings = {"not json", "[]", "{}", "{\"keys\":\"x\"}", "{\"keys\":{}}", ""})
    @DisplayName("an invalid document keeps the previous keys and warns")
    void invalidDocumentKeepsKeys(String document) {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        server.serve(document);
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(warnings).singleElement().asString().contains("unusable JWK Set");
    }

    @Test
    @DisplayName("one malformed or unusable key is skipped; the others load")
    void badKeySkipped() {
        server.serve("{\"keys\":[42,{\"kty\":\"RSA\",\"kid\":\"broken\"},"
                + "{\"kty\":\"RSA\",\"use\":\"enc\",\"n\":\"" + A.getModulus() + "\",\"e\":\"AQAB\"},"
                + A.toPublicJWK().toJSONString() + "]}");
        JwksKeySource s = source();
        assertThat(kids(await(s.start()))).containsExactly("a");
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("skipping JWK #"));
    }

    @Test
    @DisplayName("a valid document with no usable key empties the keys (the issuer revoked them), with a warning")
    void emptySet() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        server.serve("{\"keys\":[]}");
        clock.advanceSeconds(30);
        assertThat(await(s.refresh())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("no key usable");
    }

    @Test
    @DisplayName("published private key material is used by its public part only, with a warning")
    void privateMaterialWarned() {
        server.serve(JwkFixtures.jwksWithSecrets(A));
        JwksKeySource s = source();
        assertThat(kids(await(s.start()))).containsExactly("a");
        assertThat(warnings).singleElement().asString().contains("private key material");
    }

    @Test
    @DisplayName("an oversized document is refused (with and without Content-Length); the keys are kept")
    void oversized() {
        server.serve(jwks(A));
        JwksKeySource s = source(server.uri(), JwksKeySource.Tuning.defaults().withMaxDocumentBytes(4096));
        await(s.start());
        String big = "{\"keys\":[],\"pad\":\"" + "x".repeat(5000) + "\"}";
        server.serve(big);
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        server.chunked = true;
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("exceeds 4096 bytes"));
    }

    @Test
    @DisplayName("the default limit is 1 MiB")
    void oversizedDefault() {
        server.serve("{\"keys\":[],\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
        JwksKeySource s = source();
        assertThat(await(s.start())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("exceeds 1048576 bytes");
    }

    /** A JWK Set of {@code count} one-byte secrets without kid, the first entry replaced by {@code first} if given. */
    private static String secrets(int count, String first) {
        StringBuilder doc = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < count; i++) {
            doc.append(i == 0 ? "" : ",").append(i == 0 && first != null ? first : "{\"kty\":\"oct\",\"k\":\"AQ\"}");
        }
        return doc.append("]}").toString();
    }

    @Test
    @DisplayName("a set of more than 5,000 keys (the default limit) is refused whole, before any key is parsed, and "
            + "the keys are kept; 5,000 are accepted; 100,000 exceed the document limit already")
    void tooManyKeys() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        assertThat(await(s.start())).hasSize(6);
        // The first entry is no JWK: had the keys been parsed, it would have been warned about.
        server.serve(secrets(5001, "1"));
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(warnings).singleElement().asString().contains("keeping the 6 known keys")
                .contains("holds 5001 keys, more than the 5000 this hub accepts");

        server.serve(secrets(5000, null));
        clock.advanceSeconds(30);
        assertThat(await(s.refresh())).as("HS256/384/512 for each secret").hasSize(3 * 5000);

        server.serve(secrets(100_000, null));
        clock.advanceSeconds(30);
        assertThat(await(s.refresh())).hasSize(3 * 5000);
        assertThat(warnings).hasSize(2).last().asString().contains("exceeds 1048576 bytes");
    }

    @Test
    @DisplayName("the key limit is tunable: 3 keys allowed, a set of 4 is refused")
    void tunedKeyLimit() {
        server.serve(secrets(4, null));
        JwksKeySource s = source(server.uri(), JwksKeySource.Tuning.defaults().withMaxKeys(3));
        assertThat(await(s.start())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("holds 4 keys, more than the 3");
        server.serve(secrets(3, null));
        clock.advanceSeconds(30);
        assertThat(await(s.refresh())).hasSize(9);
    }

    @Test
    @DisplayName("a redirect is not followed")
    void redirectNotFollowed() {
        server.status = 302;
        server.headers = Map.of("Location", "https://example.com/jwks");
        JwksKeySource s = source();
        assertThat(await(s.start())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("HTTP status 302");
    }

    @Test
    @DisplayName("file://: loads, rotates on refresh, keeps the keys when the file goes bad or away, refuses an oversized file")
    void file() throws IOException {
        Path file = dir.resolve("jwks.json");
        OctetSequenceKey secret = oct("s");
        // A secret has no public half: an oct JWK Set carries it (the file is the hub's own configuration).
        Files.writeString(file, "{\"keys\":[" + A.toPublicJWK().toJSONString() + "," + secret.toJSONString() + "]}");
        JwksKeySource s = source(file.toUri(), JwksKeySource.Tuning.defaults().withMaxDocumentBytes(8192));
        assertThat(kids(await(s.start()))).containsExactly("a", "s");

        Files.writeString(file, jwks(B));
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("b");

        Files.writeString(file, "{");
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("b");

        Files.writeString(file, "{\"keys\":[],\"pad\":\"" + "x".repeat(9000) + "\"}", StandardCharsets.UTF_8);
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("b");

        Files.delete(file);
        clock.advanceSeconds(30);
        assertThat(kids(await(s.refresh()))).containsExactly("b");
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(1)).contains("exceeds 8192 bytes");
        assertThat(warnings.get(2)).contains("NoSuchFileException");
    }

    @Test
    @DisplayName("file://: stale after defaultMaxAge")
    void fileMaxAge() throws IOException {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(A));
        JwksKeySource s = source(file.toUri(), JwksKeySource.Tuning.defaults().withDefaultMaxAge(Duration.ofMinutes(2)));
        await(s.start());
        clock.advanceSeconds(119);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(1);
        clock.advanceSeconds(1);
        s.keys();
        assertThat(s.fetchesStarted()).isEqualTo(2);
    }

    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(strings = {"http://example.com/jwks", "http://10.0.0.1/jwks", "http://192.168.1.1/jwks",
            "http://127.example.com/jwks", "http://localhost.evil.com/jwks", "http://[::2]/jwks",
            "http://[fe80::1]/jwks", "http://0.0.0.0/jwks", "ftp://example.com/jwks", "jwks.json", "https:///jwks",
            "file://server/share/jwks.json"})
    void refusedLocations(String location) {
        assertThatThrownBy(() -> new JwksKeySource(URI.create(location), LEGACY, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(location);
    }

    @Test
    @DisplayName("plain http to a non-loopback host says to use https")
    void httpMessage() {
        assertThatThrownBy(() -> new JwksKeySource(URI.create("http://issuer.example/jwks"), LEGACY, clock))
                .hasMessageContaining("use https")
                .hasMessageContaining("localhost");
    }

    @ParameterizedTest(name = "accepted: {0}")
    @ValueSource(strings = {"https://issuer.example/.well-known/jwks.json", "http://127.0.0.1:8080/jwks",
            "http://127.1.2.3/jwks", "http://[::1]:8080/jwks", "http://localhost/jwks", "http://LOCALHOST:9/jwks",
            "file:///etc/quicksilver/jwks.json", "HTTPS://issuer.example/jwks"})
    void acceptedLocations(String location) {
        try (JwksKeySource s = new JwksKeySource(URI.create(location), LEGACY, clock)) {
            assertThat(s.location()).isEqualTo(URI.create(location));
            assertThat(s.fetchesStarted()).isZero();
        }
    }

    @Test
    @DisplayName("two sources never share keys, even for the same URL: each fetches and caches on its own")
    void noSharing() throws IOException {
        server.serve(jwks(A));
        Path file = dir.resolve("other.json");
        Files.writeString(file, jwks(B));
        JwksKeySource first = source();
        JwksKeySource second = source(file.toUri(), JwksKeySource.Tuning.defaults());
        assertThat(kids(await(first.start()))).containsExactly("a");
        assertThat(kids(await(second.start()))).containsExactly("b");

        JwksKeySource sameUrl = source();
        assertThat(sameUrl.keys()).isEmpty();
        assertThat(kids(await(sameUrl.start()))).containsExactly("a");
        assertThat(server.requests.get()).isEqualTo(2);

        server.serve(jwks(C));
        clock.advanceSeconds(30);
        assertThat(kids(await(sameUrl.refresh()))).containsExactly("c");
        assertThat(kids(first.keys())).containsExactly("a");
    }

    @Test
    @DisplayName("after close() nothing is fetched; the last keys are still answered")
    void closed() {
        server.serve(jwks(A));
        JwksKeySource s = source();
        await(s.start());
        s.close();
        clock.advanceSeconds(3600);
        assertThat(kids(s.keys())).containsExactly("a");
        assertThat(kids(await(s.refresh()))).containsExactly("a");
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a warning hook that throws does not break loading")
    void brokenHook() {
        server.serve("nonsense");
        JwksKeySource s = new JwksKeySource(server.uri(), LEGACY, clock, JwksKeySource.Tuning.defaults(), w -> {
            throw new IllegalStateException("boom");
        });
        sources.add(s);
        assertThat(await(s.start())).isEmpty();
    }

    @Test
    @DisplayName("tuning is validated")
    void tuning() {
        JwksKeySource.Tuning d = JwksKeySource.Tuning.defaults();
        assertThat(d.minRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.defaultMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.maxDocumentBytes()).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> d.withFetchTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxAgeBounds(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxDocumentBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.maxKeys()).isEqualTo(5000);
        assertThatThrownBy(() -> d.withMaxKeys(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinRefreshInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
