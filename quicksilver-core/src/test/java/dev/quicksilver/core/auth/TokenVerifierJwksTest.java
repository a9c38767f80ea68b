package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.JwkFixtures.await;
import static dev.quicksilver.core.auth.JwkFixtures.ec;
import static dev.quicksilver.core.auth.JwkFixtures.jwks;
import static dev.quicksilver.core.auth.JwkFixtures.rsa;
import static dev.quicksilver.core.auth.JwkFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.quicksilver.core.auth.JwkFixtures.JwksServer;
import dev.quicksilver.core.auth.JwkFixtures.MutableClock;
import dev.quicksilver.core.topic.TopicSelectors;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tokens verified against JWK Set sources: a {@code kid} no cached key has makes
 * {@link TokenVerifier#verifyAsync} refresh once, rate-limited by the source, so a rotated issuer
 * key is accepted without restarting the hub and forged kids cannot hammer the issuer.
 */
@DisplayName("TokenVerifier with JWK Sets: refresh on unknown kid, rate limit, isolation")
class TokenVerifierJwksTest {
    private static final TokenKey.Options LEGACY = TokenKey.Options.of(Dialect.LEGACY);
    private static final String CLAIMS = "{\"mercure\":{\"publish\":[\"*\"]}}";
    private static final RSAKey A = rsa("a");
    private static final RSAKey B = rsa("b");
    private static final ECKey C = ec(Curve.P_384, "c");

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final JwksServer server = new JwksServer();
    private final List<JwksKeySource> sources = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        sources.forEach(JwksKeySource::close);
        server.close();
    }

    private JwksKeySource source(JwksServer s) {
        JwksKeySource source = new JwksKeySource(s.uri(), LEGACY, clock, JwksKeySource.Tuning.defaults(), warnings::add);
        sources.add(source);
        return source;
    }

    private TokenVerifier verifier(KeySource... keySources) {
        return TokenVerifier.withSources(List.of(keySources), TopicSelectors.withDefaults(), clock);
    }

    private static AuthException refusedAsync(CompletionStage<Principal> stage) {
        Throwable t = catchThrowable(() -> stage.toCompletableFuture().join());
        assertThat(t).as("refused").isNotNull();
        assertThat(t.getCause()).isInstanceOf(AuthException.class);
        // whenComplete sees the AuthException itself, whether or not a refresh happened.
        Throwable[] seen = new Throwable[1];
        stage.whenComplete((p, failure) -> seen[0] = failure);
        assertThat(seen[0]).isSameAs(t.getCause());
        AuthException e = (AuthException) t.getCause();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("invalid_token");
        return e;
    }

    private static Principal accepted(CompletionStage<Principal> stage) {
        return await(stage);
    }

    @Test
    @DisplayName("known kid: verify and verifyAsync accept without fetching again")
    void knownKid() {
        server.serve(jwks(A, C));
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        await(v.keyRing().start());
        assertThat(v.hasKeys()).isTrue();
        assertThat(v.verify(sign(A, CLAIMS))).isInstanceOf(LegacyPrincipal.class);
        assertThat(accepted(v.verifyAsync(sign(C, CLAIMS)))).isInstanceOf(LegacyPrincipal.class);
        assertThat(accepted(v.verifyAsync(sign(A, JWSAlgorithm.PS384, "a", CLAIMS)))).isNotNull();
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("rotation: a token with a new kid is accepted by verifyAsync after one refresh; the synchronous verify does not fetch")
    void rotation() {
        server.serve(jwks(A));
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        await(v.keyRing().start());
        server.serve(jwks(B));
        clock.advanceSeconds(30);

        String tokenB = sign(B, CLAIMS);
        AuthException sync = catchThrowableOfType(AuthException.class, () -> v.verify(tokenB));
        assertThat(sync.getMessage()).contains("kid");
        assertThat(server.requests.get()).isEqualTo(1);

        assertThat(accepted(v.verifyAsync(tokenB))).isInstanceOf(LegacyPrincipal.class);
        assertThat(server.requests.get()).isEqualTo(2);
        // The removed kid is gone: A's tokens are refused now.
        assertThat(catchThrowableOfType(AuthException.class, () -> v.verify(sign(A, CLAIMS)))).isNotNull();
        assertThat(v.verify(tokenB)).isNotNull();
    }

    @Test
    @DisplayName("rate limit: two unknown-kid tokens within minRefreshInterval cause one fetch")
    void rateLimited() {
        server.serve(jwks(A));
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        await(v.keyRing().start());
        clock.advanceSeconds(30);

        refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, "x", CLAIMS)));
        assertThat(server.requests.get()).isEqualTo(2);
        AuthException e = refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, "y", CLAIMS)));
        assertThat(e.getMessage()).contains("kid");
        assertThat(server.requests.get()).isEqualTo(2);

        clock.advanceSeconds(29);
        refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, "z", CLAIMS)));
        assertThat(server.requests.get()).isEqualTo(2);
        clock.advanceSeconds(1);
        refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, "z", CLAIMS)));
        assertThat(server.requests.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("unknown-kid tokens arriving during a fetch share it")
    void concurrentUnknownKids() {
        server.serve(jwks(A));
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        await(v.keyRing().start());
        server.serve(jwks(A, B));
        clock.advanceSeconds(30);
        CountDownLatch gate = new CountDownLatch(1);
        server.gate = gate;
        CompletionStage<Principal> first = v.verifyAsync(sign(B, CLAIMS));
        CompletionStage<Principal> second = v.verifyAsync(sign(B, CLAIMS));
        gate.countDown();
        assertThat(accepted(first)).isNotNull();
        assertThat(accepted(second)).isNotNull();
        assertThat(server.requests.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("no fetch for a known kid with a bad signature, a token without kid, or a malformed token")
    void noFetchOtherwise() {
        server.serve(jwks(A));
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        await(v.keyRing().start());
        clock.advanceSeconds(30);

        AuthException badSignature = refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, "a", CLAIMS)));
        assertThat(badSignature.getMessage()).contains("signature");
        refusedAsync(v.verifyAsync(sign(B, JWSAlgorithm.RS256, null, CLAIMS)));
        refusedAsync(v.verifyAsync("not.a.token"));
        refusedAsync(v.verifyAsync(Jwts.hs256("secret", CLAIMS)));
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a token accepted before its key left the JWK Set is refused once the set is refreshed")
    void removedKeyRefusedAfterAcceptance() {
        server.serve(jwks(A));
        TokenVerifier v = verifier(source(server));
        await(v.keyRing().start());
        String tokenA = sign(A, CLAIMS);
        assertThat(v.verify(tokenA)).isNotNull();
        server.serve(jwks(B));
        clock.advanceSeconds(30);
        await(v.keyRing().refresh());
        assertThat(catchThrowableOfType(AuthException.class, () -> v.verify(tokenA))).isNotNull();
        assertThat(refusedAsync(v.verifyAsync(tokenA))).isNotNull();
    }

    @Test
    @DisplayName("verifyAsync applies the same checks as verify once the key is found (exp)")
    void expiredStillRefused() {
        server.serve(jwks(A));
        TokenVerifier v = verifier(source(server));
        await(v.keyRing().start());
        long past = clock.instant().getEpochSecond() - 1;
        AuthException e = refusedAsync(v.verifyAsync(sign(A, "{\"exp\":" + past + "}")));
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    @DisplayName("a hub started while the issuer was down accepts tokens once the JWK Set is reachable")
    void firstLoadFailed() {
        server.status = 503;
        JwksKeySource source = source(server);
        TokenVerifier v = verifier(source);
        assertThat(await(v.keyRing().start())).isEmpty();
        assertThat(v.hasKeys()).isTrue();
        server.status = 200;
        server.serve(jwks(A));
        clock.advanceSeconds(30);
        assertThat(accepted(v.verifyAsync(sign(A, CLAIMS)))).isNotNull();
    }

    @Test
    @DisplayName("two issuers' sources never share keys: a token verifies only under its own issuer's verifier")
    void isolation() {
        try (JwksServer other = new JwksServer()) {
            server.serve(jwks(A));
            other.serve(jwks(B));
            TokenVerifier first = verifier(source(server));
            TokenVerifier second = verifier(source(other));
            await(first.keyRing().start());
            await(second.keyRing().start());
            assertThat(first.verify(sign(A, CLAIMS))).isNotNull();
            assertThat(second.verify(sign(B, CLAIMS))).isNotNull();
            clock.advanceSeconds(30);
            refusedAsync(first.verifyAsync(sign(B, CLAIMS)));
            refusedAsync(second.verifyAsync(sign(A, CLAIMS)));
            assertThat(first.keys()).noneMatch(k -> "b".equals(k.keyId()));
            assertThat(second.keys()).noneMatch(k -> "a".equals(k.keyId()));
        }
    }

    @Test
    @DisplayName("fixed keys and a JWK Set together; fixed keys behave as before under verifyAsync")
    void mixedSources() {
        server.serve(jwks(A));
        TokenKey secret = TokenKey.of("!ChangeMe!", null, LEGACY);
        TokenVerifier v = verifier(KeySource.of(List.of(secret)), source(server));
        await(v.keyRing().start());
        assertThat(accepted(v.verifyAsync(Jwts.hs256("!ChangeMe!", CLAIMS)))).isNotNull();
        assertThat(accepted(v.verifyAsync(sign(A, CLAIMS)))).isNotNull();
        assertThat(v.keys()).hasSize(7);

        TokenVerifier fixed = new TokenVerifier(List.of(secret), TopicSelectors.withDefaults(), clock);
        assertThat(accepted(fixed.verifyAsync(Jwts.hs256("!ChangeMe!", CLAIMS)))).isNotNull();
        refusedAsync(fixed.verifyAsync(Jwts.token("{\"alg\":\"HS256\",\"kid\":\"k\"}", CLAIMS, Jwts.hmac("HS256", "x"))));
        TokenVerifier none = new TokenVerifier(List.of(), TopicSelectors.withDefaults(), clock);
        assertThat(none.hasKeys()).isFalse();
        assertThat(refusedAsync(none.verifyAsync(sign(A, CLAIMS))).getMessage()).contains("accepts no token");
    }

    @Test
    @DisplayName("KeyRing.namesUnknownKey: only a kid that no key has")
    void namesUnknownKey() throws Exception {
        List<TokenKey> keys = TokenKey.fromJwk(A.toPublicJWK(), LEGACY);
        assertThat(KeyRing.namesUnknownKey(com.nimbusds.jose.JWSHeader.parse("{\"alg\":\"RS256\",\"kid\":\"a\"}"), keys))
                .isFalse();
        assertThat(KeyRing.namesUnknownKey(com.nimbusds.jose.JWSHeader.parse("{\"alg\":\"RS256\",\"kid\":\"b\"}"), keys))
                .isTrue();
        assertThat(KeyRing.namesUnknownKey(com.nimbusds.jose.JWSHeader.parse("{\"alg\":\"RS256\"}"), keys)).isFalse();
    }
}
