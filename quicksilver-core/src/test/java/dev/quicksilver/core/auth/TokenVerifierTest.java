package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.Jwts.b64;
import static dev.quicksilver.core.auth.Jwts.header;
import static dev.quicksilver.core.auth.Jwts.hmac;
import static dev.quicksilver.core.auth.Jwts.hs256;
import static dev.quicksilver.core.auth.Jwts.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.RSAKey;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token validation for the legacy and targets dialects (docs/protocol-eras.md "What never mixes":
 * expired tokens are refused in every dialect, the signature algorithm is pinned to the key, and
 * {@code none} never parses), with the checks Mercure draft-08 "Token Validation" asks of access
 * tokens where they apply (signature, algorithm, {@code exp}/{@code nbf}, no key from the token) and
 * the 0.x claim shape (draft-07 "Publishers", "Subscribers", "Payload"). Time comes from a fixed
 * clock.
 */
@DisplayName("TokenVerifier: signature, alg pinning, exp/nbf, claims (draft-08 Token Validation; protocol-eras.md)")
class TokenVerifierTest {
    private static final long NOW = 1_900_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final String SECRET = "!ChangeMe!";
    private static final String PUBLISH_ALL = "{\"mercure\":{\"publish\":[\"*\"]}}";

    private static TokenVerifier verifier(TokenKey... keys) {
        return new TokenVerifier(List.of(keys), TopicSelectors.withDefaults(), CLOCK);
    }

    private static TokenKey legacyKey(String material, String alg) {
        return TokenKey.of(material, alg, TokenKey.Options.of(Dialect.LEGACY));
    }

    private static AuthException refused(TokenVerifier verifier, String token) {
        AuthException e = catchThrowableOfType(AuthException.class, () -> verifier.verify(token));
        assertThat(e).as("token refused").isNotNull();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error()).isEqualTo("invalid_token");
        return e;
    }

    private static List<String> texts(List<TopicSelector> selectors) {
        return selectors.stream().map(TopicSelector::text).collect(Collectors.toList());
    }

    // ---- algorithms and keys -----------------------------------------------------------------

    @ParameterizedTest(name = "{0} with the short secret '!ChangeMe!' (nimbus's MACVerifier would refuse it)")
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void hmacShortSecret(String alg) {
        TokenVerifier v = verifier(legacyKey(SECRET, alg));
        Principal p = v.verify(token(header(alg), PUBLISH_ALL, hmac(alg, SECRET)));
        assertThat(p).isInstanceOf(LegacyPrincipal.class);
        assertThat(texts(((LegacyPrincipal) p).publish())).containsExactly("*");
    }

    @Test
    @DisplayName("RS256 and PS256 from a PEM PUBLIC KEY")
    void rsa() {
        KeyPair pair = Jwts.rsaKeyPair();
        String pem = Jwts.publicKeyPem(pair.getPublic());
        assertThat(verifier(legacyKey(pem, null)).verify(token(header("RS256"), PUBLISH_ALL, Jwts.rsa(pair.getPrivate()))))
                .isInstanceOf(LegacyPrincipal.class);
        assertThat(verifier(legacyKey(pem, "PS256")).verify(token(header("PS256"), PUBLISH_ALL, Jwts.rsa(pair.getPrivate()))))
                .isInstanceOf(LegacyPrincipal.class);
    }

    @ParameterizedTest(name = "EC {0} from a PEM PUBLIC KEY and from a CERTIFICATE")
    @ValueSource(strings = {"secp256r1:ES256", "secp384r1:ES384", "secp521r1:ES512"})
    void ec(String curveAndAlg) {
        String[] parts = curveAndAlg.split(":");
        KeyPair pair = Jwts.ecKeyPair(parts[0]);
        String token = token(header(parts[1]), PUBLISH_ALL, Jwts.ec(pair.getPrivate()));
        assertThat(verifier(legacyKey(Jwts.publicKeyPem(pair.getPublic()), null)).verify(token))
                .isInstanceOf(LegacyPrincipal.class);
        assertThat(verifier(legacyKey(Jwts.certificatePem(pair), null)).verify(token))
                .isInstanceOf(LegacyPrincipal.class);
    }

    @Test
    @DisplayName("RS256 from a CERTIFICATE, and from a PEM with literal '\\n' escapes")
    void rsaCertificateAndEscapedPem() {
        KeyPair pair = Jwts.rsaKeyPair();
        String token = token(header("RS256"), PUBLISH_ALL, Jwts.rsa(pair.getPrivate()));
        assertThat(verifier(legacyKey(Jwts.certificatePem(pair), null)).verify(token)).isNotNull();
        String escaped = Jwts.publicKeyPem(pair.getPublic()).replace("\n", "\\n");
        assertThat(verifier(legacyKey(escaped, null)).verify(token)).isNotNull();
    }

    @Test
    @DisplayName("draft-08 Token Validation: alg pinned: an HS256 key refuses an HS512 token signed with the same "
            + "secret")
    void hmacAlgorithmPinned() {
        AuthException e = refused(verifier(legacyKey(SECRET, "HS256")),
                token(header("HS512"), PUBLISH_ALL, hmac("HS512", SECRET)));
        assertThat(e.getMessage()).contains("HS512");
    }

    @Test
    @DisplayName("draft-08 Token Validation: key confusion: an RS256 key refuses an HS256 token whose secret is the "
            + "PEM text or DER")
    void keyConfusionAttack() {
        KeyPair pair = Jwts.rsaKeyPair();
        String pem = Jwts.publicKeyPem(pair.getPublic());
        TokenVerifier v = verifier(legacyKey(pem, null));
        refused(v, token(header("HS256"), PUBLISH_ALL, hmac("HS256", pem)));
        refused(v, token(header("HS256"), PUBLISH_ALL, hmac("HS256", pem.strip())));
        refused(v, token(header("HS256"), PUBLISH_ALL, hmac("HS256", pair.getPublic().getEncoded())));
    }

    @Test
    @DisplayName("draft-08 Token Validation: an RS256 key refuses a PS256 token from the same private key")
    void rsaFamilyPinned() {
        KeyPair pair = Jwts.rsaKeyPair();
        TokenVerifier v = verifier(legacyKey(Jwts.publicKeyPem(pair.getPublic()), "RS256"));
        refused(v, token(header("PS256"), PUBLISH_ALL, Jwts.rsa(pair.getPrivate())));
    }

    @ParameterizedTest(name = "draft-08 Token Validation: alg \"{0}\" with an empty signature is refused")
    @ValueSource(strings = {"none", "None", "NONE"})
    void algNone(String alg) {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        String unsigned = b64("{\"alg\":\"" + alg + "\"}") + "." + b64(PUBLISH_ALL);
        refused(v, unsigned + ".");
        refused(v, unsigned);
        // Even with a signature that is a valid HS256 MAC of the input: the header still says none.
        refused(v, token("{\"alg\":\"" + alg + "\"}", PUBLISH_ALL, hmac("HS256", SECRET)));
    }

    @Test
    @DisplayName("draft-08 Token Validation: a bad signature: wrong secret, tampered payload, truncated signature")
    void badSignature() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        AuthException e = refused(v, hs256("another secret", PUBLISH_ALL));
        assertThat(e.getMessage()).contains("signature");
        String good = hs256(SECRET, "{\"mercure\":{\"publish\":[\"a\"]}}");
        String[] parts = good.split("\\.");
        refused(v, parts[0] + "." + b64(PUBLISH_ALL) + "." + parts[2]);
        refused(v, parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4));
        assertThat(v.verify(good)).isNotNull();
    }

    @Test
    @DisplayName("draft-08 Token Validation: a 'jwk' header carrying the attacker's own key is never used")
    void jwkHeaderIgnored() throws Exception {
        KeyPair hub = Jwts.rsaKeyPair();
        KeyPair attacker = Jwts.rsaKeyPair();
        String jwk = new RSAKey.Builder((RSAPublicKey) attacker.getPublic()).build().toJSONString();
        String header = "{\"alg\":\"RS256\",\"jwk\":" + jwk + ",\"jku\":\"https://evil.example/jwks\"}";
        TokenVerifier v = verifier(legacyKey(Jwts.publicKeyPem(hub.getPublic()), null));
        refused(v, token(header, PUBLISH_ALL, Jwts.rsa(attacker.getPrivate())));
        // The hub's own key still verifies a token carrying such headers: they are simply ignored.
        assertThat(v.verify(token(header, PUBLISH_ALL, Jwts.rsa(hub.getPrivate())))).isNotNull();
    }

    @Test
    @DisplayName("a 'crit' header is refused, even when correctly signed")
    void critRefused() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        AuthException e = refused(v, token("{\"alg\":\"HS256\",\"crit\":[\"x-ext\"],\"x-ext\":1}", PUBLISH_ALL,
                hmac("HS256", SECRET)));
        assertThat(e.getMessage()).contains("critical");
    }

    @ParameterizedTest(name = "not a signed JWT: \"{0}\"")
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c", "..", "e30.e30.", "!!.!!.!!"})
    void notAJwt(String token) {
        refused(verifier(legacyKey(SECRET, null)), token);
    }

    @Test
    @DisplayName("a payload that is not a JSON object is refused")
    void payloadNotJson() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        refused(v, token(header("HS256"), "not json", hmac("HS256", SECRET)));
        refused(v, token(header("HS256"), "[1,2]", hmac("HS256", SECRET)));
    }

    @Test
    @DisplayName("a token over 16 KiB is refused before parsing")
    void tooLong() {
        String big = "{\"mercure\":{\"publish\":[\"" + "x".repeat(20_000) + "\"]}}";
        AuthException e = refused(verifier(legacyKey(SECRET, null)), hs256(SECRET, big));
        assertThat(e.getMessage()).contains("too long");
    }

    @Test
    @DisplayName("a verifier with no key refuses every token")
    void noKeys() {
        TokenVerifier v = new TokenVerifier(List.of(), TopicSelectors.withDefaults(), CLOCK);
        assertThat(v.hasKeys()).isFalse();
        refused(v, hs256(SECRET, PUBLISH_ALL));
    }

    // ---- time: exp and nbf against the injected clock -----------------------------------------

    @Test
    @DisplayName("protocol-eras.md: exp <= now is refused (exp == now included); exp in the future gives expiresAt, "
            + "where the stream ends (draft-07 Subscribers)")
    void expiry() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        AuthException expired = refused(v, hs256(SECRET, "{\"exp\":" + NOW + "}"));
        assertThat(expired.getMessage()).contains("expired");
        assertThat(expired.reason()).as("told apart from other invalid tokens, for the metrics")
                .isEqualTo(AuthException.Reason.EXPIRED_TOKEN);
        refused(v, hs256(SECRET, "{\"exp\":" + (NOW - 3600) + "}"));
        Principal p = v.verify(hs256(SECRET, "{\"exp\":" + (NOW + 1) + "}"));
        assertThat(p.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW + 1));
    }

    @Test
    @DisplayName("a token accepted once is answered from memory (same grants) until it expires by the hub's clock")
    void acceptedTokensRemembered() {
        JwkFixtures.MutableClock clock = new JwkFixtures.MutableClock(Instant.ofEpochSecond(NOW));
        TokenVerifier v = new TokenVerifier(List.of(legacyKey(SECRET, null)), TopicSelectors.withDefaults(), clock);
        String token = hs256(SECRET, "{\"exp\":" + (NOW + 10) + ",\"mercure\":{\"publish\":[\"*\"]}}");
        Principal first = v.verify(token);
        assertThat(v.verify(token)).as("remembered, not parsed again").isSameAs(first);
        assertThat(v.verifyAsync(token).toCompletableFuture().join()).isSameAs(first);
        clock.advanceSeconds(10);
        AuthException expired = refused(v, token);
        assertThat(expired.reason()).isEqualTo(AuthException.Reason.EXPIRED_TOKEN);
        assertThat(v.verifyAsync(token).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    @DisplayName("protocol-eras.md: nbf in the future is refused; nbf == now and in the past are accepted")
    void notBefore() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        AuthException early = refused(v, hs256(SECRET, "{\"nbf\":" + (NOW + 1) + "}"));
        assertThat(early.getMessage()).contains("nbf");
        assertThat(early.reason()).isEqualTo(AuthException.Reason.INVALID_TOKEN);
        assertThat(v.verify(hs256(SECRET, "{\"nbf\":" + NOW + "}"))).isNotNull();
        assertThat(v.verify(hs256(SECRET, "{\"nbf\":" + (NOW - 60) + "}"))).isNotNull();
    }

    @Test
    @DisplayName("protocol-eras.md: a missing exp is accepted (no expiry) unless the key requires one")
    void missingExpiry() {
        assertThat(verifier(legacyKey(SECRET, null)).verify(hs256(SECRET, PUBLISH_ALL)).expiresAt()).isNull();
        TokenKey strict = TokenKey.of(SECRET, null, new TokenKey.Options(Dialect.LEGACY, true, false));
        assertThat(refused(verifier(strict), hs256(SECRET, PUBLISH_ALL)).getMessage()).contains("exp");
        assertThat(verifier(strict).verify(hs256(SECRET, "{\"exp\":" + (NOW + 60) + "}"))).isNotNull();
    }

    @Test
    @DisplayName("RFC 7519 NumericDate: a non-numeric exp or nbf is refused")
    void malformedTimes() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        refused(v, hs256(SECRET, "{\"exp\":\"tomorrow\"}"));
        refused(v, hs256(SECRET, "{\"nbf\":\"yesterday\"}"));
    }

    // ---- claims -------------------------------------------------------------------------------

    @Test
    @DisplayName("draft-07 Publishers, Subscribers, Payload: mercure.publish, subscribe and payload; duplicate "
            + "selectors once")
    void legacyClaims() {
        Principal p = verifier(legacyKey(SECRET, null)).verify(hs256(SECRET,
                "{\"mercure\":{\"publish\":[\"a\",\"https://e/{id}\",\"a\"],\"subscribe\":[\"*\"],"
                        + "\"payload\":{\"user\":\"k\",\"n\":[1,2]}}}"));
        LegacyPrincipal legacy = (LegacyPrincipal) p;
        assertThat(texts(legacy.publish())).containsExactly("a", "https://e/{id}");
        assertThat(legacy.publish().get(1)).isInstanceOf(TopicSelector.Template.class);
        assertThat(texts(legacy.subscribe())).containsExactly("*");
        assertThat(legacy.payload()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) legacy.payload()).get("user")).isEqualTo("k");
        assertThat(legacy.publicPublish()).isFalse();
    }

    @Test
    @DisplayName("absent claims: no mercure claim, or no publish/subscribe inside -> null lists")
    void absentClaims() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        LegacyPrincipal none = (LegacyPrincipal) v.verify(hs256(SECRET, "{}"));
        assertThat(none.publish()).isNull();
        assertThat(none.subscribe()).isNull();
        assertThat(none.payload()).isNull();
        LegacyPrincipal empty = (LegacyPrincipal) v.verify(hs256(SECRET, "{\"mercure\":{\"publish\":[]}}"));
        assertThat(empty.publish()).isEmpty();
        assertThat(empty.subscribe()).isNull();
    }

    @Test
    @DisplayName("protocol-eras.md: the https://mercure.rocks/ claim replaces mercure when both are present")
    void namespacedClaimWins() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        LegacyPrincipal p = (LegacyPrincipal) v.verify(hs256(SECRET,
                "{\"mercure\":{\"publish\":[\"*\"]},\"https://mercure.rocks/\":{\"publish\":[\"a\"]}}"));
        assertThat(texts(p.publish())).containsExactly("a");
        LegacyPrincipal only = (LegacyPrincipal) v.verify(hs256(SECRET,
                "{\"https://mercure.rocks/\":{\"subscribe\":[\"b\"]}}"));
        assertThat(texts(only.subscribe())).containsExactly("b");
    }

    @ParameterizedTest(name = "malformed claims -> 401 invalid_token: {0}")
    @ValueSource(strings = {
        "{\"mercure\":\"publish\"}",
        "{\"mercure\":[\"*\"]}",
        "{\"mercure\":true}",
        "{\"https://mercure.rocks/\":\"x\",\"mercure\":{\"publish\":[\"*\"]}}",
        "{\"mercure\":{\"publish\":\"*\"}}",
        "{\"mercure\":{\"publish\":[1]}}",
        "{\"mercure\":{\"publish\":[\"a\",null]}}",
        "{\"mercure\":{\"publish\":[[\"a\"]]}}",
        "{\"mercure\":{\"subscribe\":{\"a\":1}}}",
        "{\"mercure\":{\"subscribe\":[{}]}}"
    })
    void malformedClaims(String payload) {
        refused(verifier(legacyKey(SECRET, null)), hs256(SECRET, payload));
        refused(verifier(TokenKey.of(SECRET, null, TokenKey.Options.of(Dialect.TARGETS))), hs256(SECRET, payload));
    }

    @Test
    @DisplayName("configuration.md Limits: 1000 entries per claim are accepted, 1001 -> 401")
    void entryLimit() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        String thousand = IntStream.range(0, TokenVerifier.MAX_CLAIM_ENTRIES).mapToObj(i -> "\"t" + i + "\"")
                .collect(Collectors.joining(","));
        LegacyPrincipal ok = (LegacyPrincipal) v.verify(hs256(SECRET, "{\"mercure\":{\"subscribe\":[" + thousand + "]}}"));
        assertThat(ok.subscribe()).hasSize(1000);
        AuthException e = refused(v, hs256(SECRET, "{\"mercure\":{\"subscribe\":[" + thousand + ",\"x\"]}}"));
        assertThat(e.getMessage()).contains("1000");
        refused(verifier(TokenKey.of(SECRET, null, TokenKey.Options.of(Dialect.TARGETS))),
                hs256(SECRET, "{\"mercure\":{\"publish\":[" + thousand + ",\"x\"]}}"));
    }

    @Test
    @DisplayName("draft-04 Publishers, Subscribers: a targets-dialect key reads mercure.* as target labels")
    void targetsClaims() {
        TokenVerifier v = verifier(TokenKey.of(SECRET, null, TokenKey.Options.of(Dialect.TARGETS)));
        TargetsPrincipal p = (TargetsPrincipal) v.verify(hs256(SECRET,
                "{\"mercure\":{\"publish\":[],\"subscribe\":[\"a\",\"https://e/{id}\",\"a\"]}}"));
        assertThat(p.publish()).isEmpty();
        assertThat(p.subscribe()).containsExactlyInAnyOrder("a", "https://e/{id}");
        TargetsPrincipal none = (TargetsPrincipal) v.verify(hs256(SECRET, "{}"));
        assertThat(none.publish()).isNull();
        assertThat(none.subscribe()).isNull();
    }

    @Test
    @DisplayName("protocol-eras.md: with a legacy key and a targets key (distinct secrets), the verifying key picks "
            + "the dialect")
    void dialectByVerifyingKey() {
        TokenKey legacy = TokenKey.of("legacy-secret", null, TokenKey.Options.of(Dialect.LEGACY));
        TokenKey targets = TokenKey.of("targets-secret", null, TokenKey.Options.of(Dialect.TARGETS));
        String claims = "{\"mercure\":{\"subscribe\":[\"https://e/{id}\"]}}";
        for (TokenVerifier v : List.of(verifier(legacy, targets), verifier(targets, legacy))) {
            assertThat(v.verify(hs256("legacy-secret", claims))).isInstanceOf(LegacyPrincipal.class);
            assertThat(v.verify(hs256("targets-secret", claims))).isInstanceOf(TargetsPrincipal.class);
            refused(v, hs256("a third secret", claims));
        }
    }

    @Test
    @DisplayName("keys of different algorithms: each token goes to the key of its algorithm")
    void mixedAlgorithms() {
        KeyPair pair = Jwts.rsaKeyPair();
        TokenKey rsaLegacy = legacyKey(Jwts.publicKeyPem(pair.getPublic()), null);
        TokenKey hmacTargets = TokenKey.of(SECRET, null, TokenKey.Options.of(Dialect.TARGETS));
        TokenVerifier v = verifier(rsaLegacy, hmacTargets);
        assertThat(v.keys()).containsExactly(rsaLegacy, hmacTargets);
        assertThat(v.verify(token(header("RS256"), "{}", Jwts.rsa(pair.getPrivate())))).isInstanceOf(LegacyPrincipal.class);
        assertThat(v.verify(hs256(SECRET, "{}"))).isInstanceOf(TargetsPrincipal.class);
    }

    @Test
    @DisplayName("the key's publicPublish option reaches the principal")
    void publicPublishOption() {
        TokenKey key = TokenKey.of(SECRET, null, new TokenKey.Options(Dialect.LEGACY, false, true));
        LegacyPrincipal p = (LegacyPrincipal) verifier(key).verify(hs256(SECRET, "{}"));
        assertThat(p.publicPublish()).isTrue();
    }

    @Test
    @DisplayName("the signing input is the exact bytes sent: re-encoded JSON with the same meaning fails")
    void signingInputIsExact() {
        TokenVerifier v = verifier(legacyKey(SECRET, null));
        String good = hs256(SECRET, PUBLISH_ALL);
        String[] parts = good.split("\\.");
        String reencoded = b64(" " + new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        refused(v, parts[0] + "." + reencoded + "." + parts[2]);
    }
}
