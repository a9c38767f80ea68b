package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** End-to-end encryption: round trips per key type and serialization, over a real hub, and the refusals. */
class EncryptionTest {
    private static final String TOPIC = "https://example.com/secrets/1";
    private static ECKey ec;
    private static RSAKey rsa;

    @BeforeAll
    static void keys() throws Exception {
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    }

    @Test
    @DisplayName("ECDH-ES+A256KW and RSA-OAEP-256 with A256GCM: compact JWEs that decrypt to the data and topic")
    void roundTrips() throws Exception {
        for (JWK key : List.<JWK>of(ec, rsa)) {
            String jwe = UpdateEncrypter.to(key.toPublicJWK()).encrypt("{\"ssn\":\"123\"}", TOPIC);
            JWEHeader header = JWEObject.parse(jwe).getHeader();
            assertThat(header.getAlgorithm()).isEqualTo(key instanceof ECKey ? JWEAlgorithm.ECDH_ES_A256KW
                    : JWEAlgorithm.RSA_OAEP_256);
            assertThat(header.getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
            assertThat(jwe).doesNotContain("ssn");
            UpdateDecrypter.Decrypted d = UpdateDecrypter.with(key).decrypt(jwe);
            assertThat(d.data()).isEqualTo("{\"ssn\":\"123\"}");
            assertThat(d.topic()).isEqualTo(TOPIC);
        }
    }

    @Test
    @DisplayName("a JWK Set of two subscribers (EC and RSA): one JSON-serialized JWE each of them decrypts")
    void severalRecipients() {
        String jwe = UpdateEncrypter.to(new JWKSet(List.of(ec, rsa)).toPublicJWKSet()).encrypt("for both", TOPIC);
        assertThat(jwe).startsWith("{").contains("\"recipients\"");
        assertThat(UpdateDecrypter.with(ec).decrypt(jwe).data()).isEqualTo("for both");
        assertThat(UpdateDecrypter.with(rsa).decrypt(jwe).data()).isEqualTo("for both");
    }

    @Test
    @DisplayName("through a real hub: the hub stores ciphertext; the subscriber decrypts the event it receives")
    void overTheHub() throws Exception {
        try (RealHub hub = RealHub.start()) {
            String url = hub.url("/.well-known/mercure");
            SubscriberTest.Received r = new SubscriberTest.Received();
            try (Subscriber s = r.listen(Subscriber.builder(url).topic(TOPIC).token(RealHub.legacySubscriber())).connect()) {
                SubscriberTest.awaitOpen(s, 1);
                Update encrypted = UpdateEncrypter.to(ec.toPublicJWK()).encrypt(Update.privateOf("the plan", TOPIC));
                MercureHub.builder(url).tokens(JwtTokenFactory.legacy(SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256"))
                        .publish("*").build()).build().publish(encrypted);
                Event e = r.next();
                assertThat(e.data()).doesNotContain("the plan");
                assertThat(UpdateDecrypter.with(ec).decrypt(e.data()).data()).isEqualTo("the plan");
            }
        }
    }

    @Test
    @DisplayName("refused keys: RSA1_5 or RSA-OAEP named by the JWK, OKP keys, RSA under 2048 bits, a public key to decrypt")
    void refusedKeys() throws Exception {
        RSAKey rsa15 = new RSAKey.Builder(rsa.toRSAPublicKey()).algorithm(JWEAlgorithm.RSA1_5).keyID("old").build();
        assertThatThrownBy(() -> UpdateEncrypter.to(rsa15)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("RSA1_5");
        RSAKey oaep = new RSAKey.Builder(rsa.toRSAPublicKey()).algorithm(JWEAlgorithm.RSA_OAEP).build();
        assertThatThrownBy(() -> UpdateEncrypter.to(oaep)).isInstanceOf(EncryptionException.class);
        OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(new byte[32])).build();
        assertThatThrownBy(() -> UpdateEncrypter.to(x25519)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("Only EC");
        RSAKey small = new RSAKeyGenerator(1024, true).generate();
        assertThatThrownBy(() -> UpdateEncrypter.to(small.toPublicJWK())).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("2048");
        assertThatThrownBy(() -> UpdateDecrypter.with(ec.toPublicJWK())).isInstanceOf(EncryptionException.class);
        assertThatThrownBy(() -> UpdateEncrypter.to(new JWKSet(List.of(ec.toPublicJWK(),
                new ECKeyGenerator(Curve.P_256).generate().toPublicJWK())))).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("kid");
    }

    @Test
    @DisplayName("refused ciphertexts: RSA1_5 (which nimbus would decrypt), A128GCM, another key's, tampered")
    void refusedCiphertexts() throws Exception {
        UpdateDecrypter decrypter = UpdateDecrypter.with(rsa);
        JWEObject rsa15 = new JWEObject(new JWEHeader(JWEAlgorithm.RSA1_5, EncryptionMethod.A256GCM),
                new Payload(Map.of("data", "x", "topic", TOPIC, "iat", Instant.now().getEpochSecond(), "jti", "n1")));
        rsa15.encrypt(new RSAEncrypter(rsa.toRSAPublicKey()));
        assertThatThrownBy(() -> decrypter.decrypt(rsa15.serialize())).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("RSA1_5");
        JWEObject a128 = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                new Payload(Map.of("data", "x", "topic", TOPIC, "iat", Instant.now().getEpochSecond(), "jti", "n2")));
        a128.encrypt(new RSAEncrypter(rsa.toRSAPublicKey()));
        assertThatThrownBy(() -> decrypter.decrypt(a128.serialize())).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("A128GCM");
        String forOther = UpdateEncrypter.to(new RSAKeyGenerator(2048).generate().toPublicJWK()).encrypt("x", TOPIC);
        assertThatThrownBy(() -> decrypter.decrypt(forOther)).isInstanceOf(EncryptionException.class);
        String jwe = UpdateEncrypter.to(rsa.toPublicJWK()).encrypt("x", TOPIC);
        String[] parts = jwe.split("\\.");
        parts[3] = parts[3].charAt(0) == 'A' ? "B" + parts[3].substring(1) : "A" + parts[3].substring(1);
        assertThatThrownBy(() -> decrypter.decrypt(String.join(".", parts))).isInstanceOf(EncryptionException.class);
        assertThatThrownBy(() -> decrypter.decrypt("not a jwe")).isInstanceOf(EncryptionException.class);
    }

    @Test
    @DisplayName("replay: the same ciphertext twice is refused the second time; one older than the maximum age or from"
            + " the future is refused")
    void replay() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        UpdateDecrypter decrypter = UpdateDecrypter.with(ec, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
        String fresh = UpdateEncrypter.to(new JWKSet(ec.toPublicJWK()), Clock.fixed(now.minusSeconds(10), ZoneOffset.UTC))
                .encrypt("once", TOPIC);
        assertThat(decrypter.decrypt(fresh).issuedAt()).isEqualTo(now.minusSeconds(10));
        assertThatThrownBy(() -> decrypter.decrypt(fresh)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("already seen");
        String stale = UpdateEncrypter.to(new JWKSet(ec.toPublicJWK()), Clock.fixed(now.minusSeconds(301), ZoneOffset.UTC))
                .encrypt("old", TOPIC);
        assertThatThrownBy(() -> decrypter.decrypt(stale)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("older than");
        String future = UpdateEncrypter.to(new JWKSet(ec.toPublicJWK()), Clock.fixed(now.plusSeconds(60), ZoneOffset.UTC))
                .encrypt("later", TOPIC);
        assertThatThrownBy(() -> decrypter.decrypt(future)).isInstanceOf(EncryptionException.class)
                .hasMessageContaining("future");
    }
}
