package dev.quicksilver.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key configuration (docs/protocol-eras.md "The one decision: the dialect of the key"; the algorithm
 * pinned to the key as Mercure draft-08 "Token Validation" requires): a key is bound to one
 * algorithm and one dialect, and a configuration mistake is an IllegalArgumentException
 * whose message tells the operator what to fix.
 */
@DisplayName("TokenKey: one algorithm and one dialect per key (draft-08 Token Validation; protocol-eras.md)")
class TokenKeyTest {
    private static final TokenKey.Options LEGACY = TokenKey.Options.of(Dialect.LEGACY);

    @Test
    @DisplayName("a secret defaults to HS256, any length (the seed's '!ChangeMe!' included)")
    void secretDefaultsToHs256() {
        TokenKey key = TokenKey.of("!ChangeMe!", null, LEGACY);
        assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(key.dialect()).isEqualTo(Dialect.LEGACY);
        assertThat(key.secretLength()).isEqualTo(10);
        assertThat(key.options()).isEqualTo(LEGACY);
    }

    @ParameterizedTest(name = "secret with algorithm \"{0}\"")
    @ValueSource(strings = {"HS384", "hs512", " HS256 "})
    void secretAlgorithms(String alg) {
        assertThat(TokenKey.of("s", alg, LEGACY).algorithm().getName()).isEqualTo(alg.strip().toUpperCase());
    }

    @Test
    @DisplayName("a blank algorithm means the key's default")
    void blankAlgorithm() {
        assertThat(TokenKey.of("s", "  ", LEGACY).algorithm()).isEqualTo(JWSAlgorithm.HS256);
    }

    @Test
    @DisplayName("the secret's length counts UTF-8 bytes; the fingerprint tells keys apart")
    void fingerprint() {
        assertThat(TokenKey.of("\u00e9", null, LEGACY).secretLength()).isEqualTo(2);
        String a = TokenKey.of("secret-a", null, LEGACY).fingerprint();
        assertThat(TokenKey.of("secret-a", "HS512", TokenKey.Options.of(Dialect.TARGETS)).fingerprint()).isEqualTo(a);
        assertThat(TokenKey.of("secret-b", null, LEGACY).fingerprint()).isNotEqualTo(a);
        assertThat(a).matches("[0-9a-f]{64}");
    }

    @Test
    @DisplayName("an RSA PUBLIC KEY defaults to RS256 and accepts the PS family")
    void rsaPublicKey() {
        String pem = Jwts.publicKeyPem(Jwts.rsaKeyPair().getPublic());
        TokenKey key = TokenKey.of(pem, null, LEGACY);
        assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.secretLength()).isZero();
        assertThat(TokenKey.of(pem, "PS256", LEGACY).algorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(TokenKey.of(pem, "RS512", LEGACY).algorithm()).isEqualTo(JWSAlgorithm.RS512);
    }

    @Test
    @DisplayName("an EC PUBLIC KEY's curve decides: P-256 -> ES256, P-384 -> ES384, P-521 -> ES512")
    void ecCurves() {
        assertThat(TokenKey.of(Jwts.publicKeyPem(Jwts.ecKeyPair("secp256r1").getPublic()), null, LEGACY).algorithm())
                .isEqualTo(JWSAlgorithm.ES256);
        assertThat(TokenKey.of(Jwts.publicKeyPem(Jwts.ecKeyPair("secp384r1").getPublic()), null, LEGACY).algorithm())
                .isEqualTo(JWSAlgorithm.ES384);
        assertThat(TokenKey.of(Jwts.publicKeyPem(Jwts.ecKeyPair("secp521r1").getPublic()), "ES512", LEGACY).algorithm())
                .isEqualTo(JWSAlgorithm.ES512);
    }

    @Test
    @DisplayName("a CERTIFICATE gives its public key (RSA and EC)")
    void certificates() {
        KeyPair rsa = Jwts.rsaKeyPair();
        TokenKey fromCert = TokenKey.of(Jwts.certificatePem(rsa), null, LEGACY);
        assertThat(fromCert.algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(fromCert.fingerprint()).isEqualTo(TokenKey.of(Jwts.publicKeyPem(rsa.getPublic()), null, LEGACY).fingerprint());
        KeyPair ec = Jwts.ecKeyPair("secp384r1");
        assertThat(TokenKey.of(Jwts.certificatePem(ec), null, LEGACY).algorithm()).isEqualTo(JWSAlgorithm.ES384);
    }

    @Test
    @DisplayName("a PEM with literal '\\n' escapes (as environment variables carry it) and CRLF line ends")
    void pemEscapesAndCrlf() {
        KeyPair rsa = Jwts.rsaKeyPair();
        String pem = Jwts.publicKeyPem(rsa.getPublic());
        String expected = TokenKey.of(pem, null, LEGACY).fingerprint();
        assertThat(TokenKey.of(pem.replace("\n", "\\n"), null, LEGACY).fingerprint()).isEqualTo(expected);
        assertThat(TokenKey.of(pem.replace("\n", "\r\n"), null, LEGACY).fingerprint()).isEqualTo(expected);
        assertThat(TokenKey.of("  \n" + pem + "\n ", null, LEGACY).fingerprint()).isEqualTo(expected);
    }

    // ---- configuration errors: IllegalArgumentException with a message for the operator ---------

    private static void refused(String material, String alg, String messagePart) {
        assertThatThrownBy(() -> TokenKey.of(material, alg, LEGACY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void emptyKey() {
        refused("", null, "empty");
        refused(null, null, "empty");
    }

    @ParameterizedTest(name = "a private key ({0}) is refused and the message says why")
    @ValueSource(strings = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
    void privateKeyPem(String type) {
        refused(Jwts.pem(type, Jwts.rsaKeyPair().getPrivate().getEncoded()), null, "private key must never");
    }

    @ParameterizedTest(name = "unknown algorithm \"{0}\"")
    @ValueSource(strings = {"XS256", "none", "NONE", "HS1", "EdDSA", "ES256K"})
    void unknownAlgorithm(String alg) {
        refused("secret", alg, "unsupported JWT algorithm");
    }

    @Test
    @DisplayName("an HS algorithm with a PEM is refused (no RSA key as an HMAC secret)")
    void hmacAlgorithmWithPem() {
        refused(Jwts.publicKeyPem(Jwts.rsaKeyPair().getPublic()), "HS256", "not HS256");
        refused(Jwts.publicKeyPem(Jwts.ecKeyPair("secp256r1").getPublic()), "HS256", "not HS256");
    }

    @Test
    @DisplayName("an RS/PS/ES algorithm with a secret is refused")
    void publicKeyAlgorithmWithSecret() {
        refused("secret", "RS256", "needs a PEM public key");
        refused("secret", "ES256", "needs a PEM public key");
    }

    @Test
    @DisplayName("RSA with an ES algorithm, EC with an RS one or another curve's algorithm")
    void familyMismatch() {
        refused(Jwts.publicKeyPem(Jwts.rsaKeyPair().getPublic()), "ES256", "not ES256");
        refused(Jwts.publicKeyPem(Jwts.ecKeyPair("secp256r1").getPublic()), "RS256", "not RS256");
        refused(Jwts.publicKeyPem(Jwts.ecKeyPair("secp256r1").getPublic()), "ES384", "verifies ES256, not ES384");
    }

    @Test
    @DisplayName("a public key that is neither RSA nor EC (Ed25519)")
    void ed25519() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        refused(Jwts.publicKeyPem(ed.getPublic()), null, "neither RSA nor EC");
    }

    @Test
    @DisplayName("malformed PEMs: bad base64, garbage DER, garbage certificate, no line breaks, no closing dashes")
    void malformedPem() {
        refused("-----BEGIN PUBLIC KEY-----\nMIIB=x=\n-----END PUBLIC KEY-----", null, "malformed PEM");
        refused(Jwts.pem("PUBLIC KEY", new byte[] {1, 2, 3}), null, "neither RSA nor EC");
        refused(Jwts.pem("CERTIFICATE", new byte[] {1, 2, 3}), null, "unreadable PEM CERTIFICATE");
        refused("-----BEGIN PUBLIC KEY-----" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
                + "-----END PUBLIC KEY-----", null, "malformed PEM");
        refused("-----BEGIN PUBLIC KEY", null, "malformed PEM");
        refused("-----BEGIN PUBLIC KEY-----\nAAAA\n", null, "malformed PEM");
    }

    @Test
    @DisplayName("Dialect names (oauth, 1.0; legacy, 0.x, selectors; targets, seed) and an unknown one")
    void dialectNames() {
        assertThat(Dialect.parse(" Legacy ")).isEqualTo(Dialect.LEGACY);
        assertThat(Dialect.parse("0.x")).isEqualTo(Dialect.LEGACY);
        assertThat(Dialect.parse("selectors")).isEqualTo(Dialect.LEGACY);
        assertThat(Dialect.parse("SEED")).isEqualTo(Dialect.TARGETS);
        assertThat(Dialect.TARGETS.label()).isEqualTo("targets");
        assertThat(Dialect.parse("OAuth")).isEqualTo(Dialect.OAUTH);
        assertThat(Dialect.parse("1.0")).isEqualTo(Dialect.OAUTH);
        assertThatThrownBy(() -> Dialect.parse("openid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openid").hasMessageContaining("oauth, legacy or targets");
    }
}
