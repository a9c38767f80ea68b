package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The claims each era's factory mints, every algorithm, keys from PEM and JWK, and the caching provider. */
class TokensTest {
    private static final String SECRET = "tokens-test-secret-0123456789abcdefghijklmnopqrstuvwxyz-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    @DisplayName("0.x: the mercure claim holds publish and subscribe selectors and the payload; exp from the lifetime")
    void legacyClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.legacy(SigningKey.hmac(SECRET, "HS256")).publish("*")
                .subscribe("https://example.com/users/{id}").payload(Map.of("user", 7)).lifetime(Duration.ofHours(1))
                .claim("sub", "me").clock(CLOCK).build().create());
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        Map<String, Object> mercure = jwt.getJWTClaimsSet().getJSONObjectClaim("mercure");
        assertThat(mercure).containsEntry("publish", List.of("*"))
                .containsEntry("subscribe", List.of("https://example.com/users/{id}"))
                .containsKey("payload");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("me");
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    }

    @Test
    @DisplayName("seed era: the same mercure claim, holding target labels; no exp unless a lifetime is set")
    void targetsClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.targets(SigningKey.hmac(SECRET, "HS256")).publish("alice", "bob")
                .build().create());
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("mercure")).containsEntry("publish", List.of("alice", "bob"))
                .containsEntry("subscribe", List.of());
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNull();
    }

    @Test
    @DisplayName("1.0: typ at+jwt, iss, aud the hub URL, exp, iat, jti and Mercure authorization_details")
    void accessTokenClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.accessToken(SigningKey.hmac(SECRET, "HS256"),
                "https://issuer.example", "https://hub.example/.well-known/mercure").publish("https://example.com/a")
                .subscribeMatching("https://example.com/users/7/*").payload("p").clock(CLOCK).build().create());
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://issuer.example");
        assertThat(claims.getAudience()).containsExactly("https://hub.example/.well-known/mercure");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getClaim("mercure")).isNull();
        List<Object> details = claims.getListClaim("authorization_details");
        assertThat(details).hasSize(2);
        assertThat(details.get(0)).isEqualTo(Map.of("type", JwtTokenFactory.AUTHORIZATION_DETAIL_TYPE,
                "actions", List.of("publish"),
                "topics", List.of(Map.of("match", "https://example.com/a", "match_type", "exact"))));
        assertThat(details.get(1)).isEqualTo(Map.of("type", JwtTokenFactory.AUTHORIZATION_DETAIL_TYPE,
                "actions", List.of("subscribe"), "payload", "p",
                "topics", List.of(Map.of("match", "https://example.com/users/7/*", "match_type", "urlpattern"))));
        assertThatThrownBy(() -> JwtTokenFactory.accessToken(SigningKey.hmac(SECRET, "HS256"), "i", "h").lifetime(null)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp");
        assertThatThrownBy(() -> JwtTokenFactory.legacy(SigningKey.hmac(SECRET, "HS256")).publishMatching("x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("HS256/384/512 verify with the secret; a secret shorter than the hash is refused")
    void hmac() throws Exception {
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.legacy(SigningKey.hmac(SECRET, alg)).build().create());
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
            assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        }
        assertThatThrownBy(() -> SigningKey.hmac("short", "HS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.hmac(SECRET, "RS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.hmac(SECRET, "none")).isInstanceOf(IllegalArgumentException.class);
        OctetSequenceKey oct = new OctetSequenceKey.Builder(SECRET.getBytes(StandardCharsets.UTF_8)).keyID("s1").build();
        SignedJWT fromJwk = SignedJWT.parse(JwtTokenFactory.legacy(SigningKey.fromJwk(oct.toJSONString(), "HS512"))
                .build().create());
        assertThat(fromJwk.getHeader().getKeyID()).isEqualTo("s1");
        assertThat(fromJwk.verify(new MACVerifier(SECRET))).isTrue();
        assertThatThrownBy(() -> SigningKey.fromJwk(oct.toJSONString(), "RS256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oct");
    }

    @Test
    @DisplayName("RS256 and PS256 from a PEM key, ES256 from a JWK with its kid; each verifies with the public key")
    void asymmetric() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        for (String alg : List.of("RS256", "PS256")) {
            assertVerifies(SigningKey.fromPem(pem, alg), new RSASSAVerifier(rsa.toRSAPublicKey()), alg);
        }
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        SigningKey es = SigningKey.fromJwk(ec.toJSONString(), "ES256");
        SignedJWT jwt = assertVerifies(es, new ECDSAVerifier(ec.toECPublicKey()), "ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThatThrownBy(() -> SigningKey.fromJwk(ec.toPublicJWK().toJSONString(), "ES256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private");
        assertThatThrownBy(() -> SigningKey.fromPem(pem, "ES256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.fromPem("not a key", "RS256")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8");
    }

    private static SignedJWT assertVerifies(SigningKey key, JWSVerifier verifier, String alg) throws Exception {
        SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.legacy(key).publish("*").build().create());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
        assertThat(jwt.verify(verifier)).isTrue();
        return jwt;
    }

    @Test
    @DisplayName("EdDSA (Ed25519) from a PEM key and from an OKP JWK: the JDK verifies the signature")
    void eddsa() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        SignedJWT jwt = SignedJWT.parse(JwtTokenFactory.legacy(SigningKey.fromPem(pem, "EdDSA")).build().create());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
        assertThat(ed25519Verifies(pair, jwt)).isTrue();
        // the same key as an OKP JWK (RFC 8037): d is the last 32 bytes of the PKCS#8 encoding
        byte[] der = pair.getPrivate().getEncoded();
        byte[] d = Arrays.copyOfRange(der, der.length - 32, der.length);
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x))
                .d(Base64URL.encode(d)).build();
        SignedJWT fromJwk = SignedJWT.parse(JwtTokenFactory.legacy(SigningKey.fromJwk(okp.toJSONString(), "EdDSA"))
                .build().create());
        assertThat(ed25519Verifies(pair, fromJwk)).isTrue();
    }

    private static boolean ed25519Verifies(KeyPair pair, SignedJWT jwt) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(pair.getPublic());
        s.update(jwt.getSigningInput());
        return s.verify(jwt.getSignature().decode());
    }

    @Test
    @DisplayName("the caching provider reuses a token until 30 s before its exp, then mints a new one")
    void caching() {
        MutableClock clock = new MutableClock(NOW);
        JwtTokenFactory factory = JwtTokenFactory.legacy(SigningKey.hmac(SECRET, "HS256")).publish("*")
                .lifetime(Duration.ofMinutes(1)).clock(clock).build();
        int[] minted = {0};
        TokenFactory counting = () -> {
            minted[0]++;
            return factory.create();
        };
        CachingTokenProvider p = new CachingTokenProvider(counting, clock, Duration.ofSeconds(30));
        String first = p.token();
        clock.now = NOW.plusSeconds(29);
        assertThat(p.token()).isSameAs(first);
        assertThat(minted[0]).isEqualTo(1);
        clock.now = NOW.plusSeconds(30);
        p.token();
        assertThat(minted[0]).isEqualTo(2);
    }

    @Test
    @DisplayName("static and supplier providers")
    void providers() {
        assertThat(TokenProvider.of("abc").token()).isEqualTo("abc");
        int[] n = {0};
        TokenProvider p = TokenProvider.from(() -> "t" + ++n[0]);
        assertThat(p.token()).isEqualTo("t1");
        assertThat(p.token()).isEqualTo("t2");
        assertThat(new String(Base64.getUrlDecoder().decode(TokenProvider.cached(
                JwtTokenFactory.legacy(SigningKey.hmac(SECRET, "HS256")).build()).token().split("\\.")[0]),
                StandardCharsets.UTF_8)).contains("HS256");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
