package dev.quicksilver.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Set;

/**
 * A key that signs tokens, with its algorithm (RFC 7518 section 3.1): HS256/384/512 with a shared
 * secret, RS256/PS256 with an RSA key, ES256 with a P-256 key, EdDSA with an Ed25519 key.
 */
public final class SigningKey {
    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
            JWSAlgorithm.HS512, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final String keyId;

    private SigningKey(JWSAlgorithm algorithm, JWSSigner signer, String keyId) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.keyId = keyId;
    }

    /** A shared secret (its UTF-8 bytes) for HS256, HS384 or HS512. */
    public static SigningKey hmac(String secret, String algorithm) {
        JWSAlgorithm alg = algorithm(algorithm);
        if (!JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            throw new IllegalArgumentException("A shared secret signs HS256, HS384 or HS512, not " + algorithm);
        }
        try {
            return new SigningKey(alg, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), null);
        } catch (JOSEException e) {
            // RFC 7518 section 3.2: the secret must be at least as long as the hash
            throw new IllegalArgumentException(algorithm + " needs a secret of at least "
                    + alg.getName().substring(2) + " bits: " + e.getMessage(), e);
        }
    }

    /** A private key in PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8), RSA, EC or Ed25519. */
    public static SigningKey fromPem(String pem, String algorithm) {
        return of(Pem.privateKey(pem), algorithm, null);
    }

    /** A private key from the JDK, with the algorithm to sign with and an optional {@code kid}. */
    public static SigningKey of(PrivateKey key, String algorithm, String keyId) {
        JWSAlgorithm alg = algorithm(algorithm);
        JWSSigner signer;
        try {
            if (key instanceof RSAPrivateKey && (alg.equals(JWSAlgorithm.RS256) || alg.equals(JWSAlgorithm.PS256))) {
                signer = new RSASSASigner(key);
            } else if (key instanceof ECPrivateKey && alg.equals(JWSAlgorithm.ES256)) {
                signer = new ECDSASigner((ECPrivateKey) key);
            } else if (alg.equals(JWSAlgorithm.EdDSA)
                    && ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm()))) {
                signer = new Ed25519JdkSigner(key);
            } else {
                throw new IllegalArgumentException("A " + key.getAlgorithm() + " key cannot sign " + algorithm);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable key for " + algorithm + ": " + e.getMessage(), e);
        }
        return new SigningKey(alg, signer, keyId);
    }

    /**
     * A private JWK (RFC 7517) with its {@code alg}, or the given algorithm when it has none:
     * {@code oct}, {@code RSA}, {@code EC} (P-256) or {@code OKP} (Ed25519). Its {@code kid} is kept.
     */
    public static SigningKey fromJwk(String json, String algorithm) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a JWK: " + e.getMessage(), e);
        }
        String alg = jwk.getAlgorithm() != null ? jwk.getAlgorithm().getName() : algorithm;
        Objects.requireNonNull(alg, "The JWK has no alg; name the algorithm");
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("The JWK has no private part: it cannot sign.");
        }
        try {
            if (jwk instanceof OctetSequenceKey) {
                JWSAlgorithm a = algorithm(alg);
                if (!JWSAlgorithm.Family.HMAC_SHA.contains(a)) {
                    throw new IllegalArgumentException("An oct JWK signs HS256, HS384 or HS512, not " + alg);
                }
                return new SigningKey(a, new MACSigner(((OctetSequenceKey) jwk).toByteArray()), jwk.getKeyID());
            } else if (jwk instanceof RSAKey) {
                return of(((RSAKey) jwk).toPrivateKey(), alg, jwk.getKeyID());
            } else if (jwk instanceof ECKey) {
                return of(((ECKey) jwk).toPrivateKey(), alg, jwk.getKeyID());
            } else if (jwk instanceof OctetKeyPair) {
                return of(Ed25519JdkSigner.privateKey((OctetKeyPair) jwk), alg, jwk.getKeyID());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable JWK for " + alg + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("Unsupported JWK type " + jwk.getKeyType());
    }

    /** This key with this {@code kid} in the tokens' header (the hub picks the key by it). */
    public SigningKey withKeyId(String id) {
        return new SigningKey(algorithm, signer, id);
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    JWSSigner signer() {
        return signer;
    }

    String keyId() {
        return keyId;
    }

    private static JWSAlgorithm algorithm(String name) {
        JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(name, "algorithm"));
        if (!SUPPORTED.contains(alg)) {
            throw new IllegalArgumentException("Unsupported algorithm " + name + "; one of " + SUPPORTED);
        }
        return alg;
    }
}
