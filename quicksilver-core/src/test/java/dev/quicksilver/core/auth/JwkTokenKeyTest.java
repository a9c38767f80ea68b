package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.JwkFixtures.ec;
import static dev.quicksilver.core.auth.JwkFixtures.oct;
import static dev.quicksilver.core.auth.JwkFixtures.rsa;
import static dev.quicksilver.core.auth.JwkFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.quicksilver.core.topic.TopicSelectors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWK to verification keys (Mercure draft-08 "Token Validation": the algorithm pinned per key, keys
 * only from the configured JWK Set, never from the token; docs/issuers.md "JWK Sets"): the algorithm is
 * pinned by the JWK's {@code alg} or, without one, by its family; keys not meant for verifying
 * signatures are skipped, never fatal.
 */
@DisplayName("TokenKey.fromJwk: RSA, EC and oct JWKs, algorithm pinning, skipped keys")
class JwkTokenKeyTest {
    private static final TokenKey.Options LEGACY = TokenKey.Options.of(Dialect.LEGACY);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_900_000_000L), ZoneOffset.UTC);
    private static final String CLAIMS = "{\"mercure\":{\"publish\":[\"*\"]}}";
    private static final RSAKey RSA = rsa("r1");

    private static List<String> algs(List<TokenKey> keys) {
        return keys.stream().map(k -> k.algorithm().getName()).collect(Collectors.toList());
    }

    private static TokenVerifier verifier(List<TokenKey> keys) {
        return new TokenVerifier(keys, TopicSelectors.withDefaults(), CLOCK);
    }

    private static void refused(TokenVerifier v, String token) {
        AuthException e = catchThrowableOfType(AuthException.class, () -> v.verify(token));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.error()).isEqualTo("invalid_token");
    }

    @Test
    @DisplayName("RSA without alg: RS256/384/512 and PS256/384/512, each with the kid and the PEM key's fingerprint")
    void rsaWithoutAlg() throws Exception {
        List<TokenKey> keys = TokenKey.fromJwk(RSA.toPublicJWK(), LEGACY);
        assertThat(algs(keys)).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
        String pemFingerprint = TokenKey.of(Jwts.publicKeyPem(RSA.toPublicKey()), null, LEGACY).fingerprint();
        assertThat(keys).allSatisfy(k -> {
            assertThat(k.keyId()).isEqualTo("r1");
            assertThat(k.fingerprint()).isEqualTo(pemFingerprint);
            assertThat(k.secretLength()).isZero();
            assertThat(k.options()).isEqualTo(LEGACY);
        });
        TokenVerifier v = verifier(keys);
        assertThat(v.verify(sign(RSA, JWSAlgorithm.RS256, "r1", CLAIMS))).isInstanceOf(LegacyPrincipal.class);
        assertThat(v.verify(sign(RSA, JWSAlgorithm.PS512, "r1", CLAIMS))).isInstanceOf(LegacyPrincipal.class);
    }

    @Test
    @DisplayName("RSA with alg: exactly that algorithm; a token with another one is refused")
    void rsaWithAlg() {
        RSAKey pinned = new RSAKey.Builder(RSA.toPublicJWK()).algorithm(JWSAlgorithm.PS256).build();
        List<TokenKey> keys = TokenKey.fromJwk(pinned, LEGACY);
        assertThat(algs(keys)).containsExactly("PS256");
        TokenVerifier v = verifier(keys);
        assertThat(v.verify(sign(RSA, JWSAlgorithm.PS256, "r1", CLAIMS))).isNotNull();
        refused(v, sign(RSA, JWSAlgorithm.RS256, "r1", CLAIMS));
    }

    @ParameterizedTest(name = "RSA JWK with alg {0} is skipped")
    @ValueSource(strings = {"ES256", "HS256", "RSA-OAEP", "none", "EdDSA"})
    void rsaWithForeignAlg(String alg) {
        RSAKey key = new RSAKey.Builder(RSA.toPublicJWK()).algorithm(new Algorithm(alg)).build();
        assertThat(TokenKey.fromJwk(key, LEGACY)).isEmpty();
    }

    @Test
    @DisplayName("EC: P-256 -> ES256, P-384 -> ES384, P-521 -> ES512, with or without a matching alg")
    void ecCurves() {
        for (Curve curve : List.of(Curve.P_256, Curve.P_384, Curve.P_521)) {
            ECKey key = ec(curve, "e-" + curve.getName());
            JWSAlgorithm alg = JwkFixtures.curveAlgorithm(curve);
            List<TokenKey> keys = TokenKey.fromJwk(key.toPublicJWK(), LEGACY);
            assertThat(algs(keys)).containsExactly(alg.getName());
            assertThat(keys.get(0).keyId()).isEqualTo("e-" + curve.getName());
            ECKey withAlg = new ECKey.Builder(key.toPublicJWK()).algorithm(alg).build();
            assertThat(algs(TokenKey.fromJwk(withAlg, LEGACY))).containsExactly(alg.getName());
            assertThat(verifier(keys).verify(sign(key, CLAIMS))).isNotNull();
        }
    }

    @Test
    @DisplayName("EC with another curve's alg, and secp256k1 (ES256K), are skipped")
    void ecSkipped() {
        ECKey p256 = ec(Curve.P_256, "e");
        assertThat(TokenKey.fromJwk(new ECKey.Builder(p256.toPublicJWK()).algorithm(JWSAlgorithm.ES384).build(),
                LEGACY)).isEmpty();
        // secp256k1's generator point, a valid public key (the JDK can no longer generate on this curve).
        ECKey k1 = new ECKey.Builder(Curve.SECP256K1,
                Base64URL.encode(HexFormat.of().parseHex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")),
                Base64URL.encode(HexFormat.of().parseHex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8")))
                .keyID("k1").build();
        assertThat(TokenKey.fromJwk(k1, LEGACY)).isEmpty();
    }

    @Test
    @DisplayName("oct without alg: HS256/384/512; with alg: that one; a short secret is allowed")
    void octKeys() {
        OctetSequenceKey secret = oct("s1");
        List<TokenKey> keys = TokenKey.fromJwk(secret, LEGACY);
        assertThat(algs(keys)).containsExactly("HS256", "HS384", "HS512");
        assertThat(keys).allSatisfy(k -> {
            assertThat(k.keyId()).isEqualTo("s1");
            assertThat(k.secretLength()).isEqualTo(64);
        });
        assertThat(verifier(keys).verify(sign(secret, JWSAlgorithm.HS384, "s1", CLAIMS))).isNotNull();

        OctetSequenceKey pinned = new OctetSequenceKey.Builder(secret.toByteArray()).keyID("s1")
                .algorithm(JWSAlgorithm.HS512).build();
        assertThat(algs(TokenKey.fromJwk(pinned, LEGACY))).containsExactly("HS512");
        assertThat(TokenKey.fromJwk(new OctetSequenceKey.Builder(secret.toByteArray())
                .algorithm(JWSAlgorithm.RS256).build(), LEGACY)).isEmpty();

        // The seed's 10-byte secret, which nimbus's MACSigner would refuse: HMAC is computed by the hub.
        byte[] shortSecret = "!ChangeMe!".getBytes(StandardCharsets.UTF_8);
        List<TokenKey> shortKeys = TokenKey.fromJwk(new OctetSequenceKey.Builder(shortSecret).keyID("seed").build(), LEGACY);
        assertThat(shortKeys).hasSize(3);
        String token = Jwts.token("{\"alg\":\"HS256\",\"kid\":\"seed\"}", CLAIMS, Jwts.hmac("HS256", shortSecret));
        assertThat(verifier(shortKeys).verify(token)).isNotNull();
        assertThat(shortKeys.get(0).fingerprint()).isEqualTo(TokenKey.of("!ChangeMe!", null, LEGACY).fingerprint());
    }

    @Test
    @DisplayName("use other than sig, key_ops without verify, a revoked key, OKP/Ed25519: skipped")
    void skipped() throws Exception {
        RSAKey pub = RSA.toPublicJWK();
        assertThat(TokenKey.fromJwk(new RSAKey.Builder(pub).keyUse(KeyUse.ENCRYPTION).build(), LEGACY)).isEmpty();
        assertThat(TokenKey.fromJwk(JWK.parse(withMember(pub, "\"use\":\"custom\"")), LEGACY)).isEmpty();
        assertThat(TokenKey.fromJwk(new RSAKey.Builder(pub).keyOperations(Set.of(KeyOperation.ENCRYPT)).build(),
                LEGACY)).isEmpty();
        assertThat(TokenKey.fromJwk(new RSAKey.Builder(pub).keyOperations(Set.of(KeyOperation.SIGN)).build(),
                LEGACY)).isEmpty();
        assertThat(TokenKey.fromJwk(new RSAKey.Builder(pub).keyUse(KeyUse.SIGNATURE)
                .keyOperations(Set.of(KeyOperation.SIGN, KeyOperation.VERIFY)).build(), LEGACY)).hasSize(6);
        assertThat(TokenKey.fromJwk(pub.toRevokedJWK(new com.nimbusds.jose.jwk.KeyRevocation(
                java.util.Date.from(Instant.EPOCH), com.nimbusds.jose.jwk.KeyRevocation.Reason.COMPROMISED)), LEGACY))
                .isEmpty();
        // RFC 8037 appendix A.1 (generating one would need Tink, which the hub does not ship).
        JWK ed25519 = JWK.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\","
                + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
        assertThat(TokenKey.fromJwk(ed25519.toPublicJWK(), LEGACY)).isEmpty();
        assertThat(TokenKey.fromJwk(ed25519, LEGACY)).isEmpty();
    }

    private static String withMember(JWK jwk, String member) {
        String json = jwk.toJSONString();
        return "{" + member + "," + json.substring(1);
    }

    @Test
    @DisplayName("a JWK with private parts verifies with its public part only (same fingerprint as the public JWK)")
    void privateParts() {
        List<TokenKey> fromPrivate = TokenKey.fromJwk(RSA, LEGACY);
        List<TokenKey> fromPublic = TokenKey.fromJwk(RSA.toPublicJWK(), LEGACY);
        assertThat(fromPrivate.get(0).fingerprint()).isEqualTo(fromPublic.get(0).fingerprint());
        assertThat(verifier(fromPrivate).verify(sign(RSA, CLAIMS))).isNotNull();
        ECKey ecKey = ec(Curve.P_256, "e");
        assertThat(TokenKey.fromJwk(ecKey, LEGACY).get(0).fingerprint())
                .isEqualTo(TokenKey.fromJwk(ecKey.toPublicJWK(), LEGACY).get(0).fingerprint());
    }

    @Test
    @DisplayName("x5u is never fetched: the key is n/e of the JWK, whatever the URL says")
    void x5uIgnored() throws Exception {
        try (JwkFixtures.JwksServer server = new JwkFixtures.JwksServer()) {
            RSAKey withX5u = new RSAKey.Builder(RSA.toPublicJWK()).x509CertURL(server.uri()).build();
            List<TokenKey> keys = TokenKey.fromJwk(withX5u, LEGACY);
            assertThat(keys).hasSize(6);
            assertThat(verifier(keys).verify(sign(RSA, CLAIMS))).isNotNull();
            assertThat(server.requests.get()).isZero();
        }
    }

    @Test
    @DisplayName("a token's kid selects among JWK keys; keys without kid (configured ones) are tried whatever the kid")
    void kidSelection() {
        RSAKey other = rsa("r2");
        TokenVerifier v = verifier(List.copyOf(concat(TokenKey.fromJwk(RSA.toPublicJWK(), LEGACY),
                TokenKey.fromJwk(other.toPublicJWK(), LEGACY))));
        assertThat(v.verify(sign(RSA, CLAIMS))).isNotNull();
        assertThat(v.verify(sign(other, CLAIMS))).isNotNull();
        // No kid: every key is tried.
        assertThat(v.verify(sign(other, JWSAlgorithm.RS256, null, CLAIMS))).isNotNull();
        // The right key under another key's kid is not tried.
        refused(v, sign(other, JWSAlgorithm.RS256, "r1", CLAIMS));
        AuthException unknown = catchThrowableOfType(AuthException.class,
                () -> v.verify(sign(RSA, JWSAlgorithm.RS256, "nope", CLAIMS)));
        assertThat(unknown.getMessage()).contains("kid");
        // A configured key (no kid) still verifies a token that carries a kid.
        TokenKey configured = TokenKey.of(Jwts.publicKeyPem(toPublic(RSA)), null, LEGACY);
        assertThat(verifier(List.of(configured)).verify(sign(RSA, JWSAlgorithm.RS256, "anything", CLAIMS))).isNotNull();
    }

    private static java.security.PublicKey toPublic(RSAKey key) {
        try {
            return key.toPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<TokenKey> concat(List<TokenKey> a, List<TokenKey> b) {
        List<TokenKey> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    @DisplayName("an oct JWK's key value is used as is (base64url-decoded)")
    void octValue() {
        OctetSequenceKey key = new OctetSequenceKey.Builder(Base64URL.encode("0123456789abcdef0123456789abcdef"))
                .keyID("k").build();
        assertThat(TokenKey.fromJwk(key, LEGACY).get(0).fingerprint())
                .isEqualTo(TokenKey.of("0123456789abcdef0123456789abcdef", null, LEGACY).fingerprint());
    }
}
