package dev.quicksilver.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key that verifies tokens, bound to one signature algorithm (a token signed with any other
 * algorithm is refused, so an RSA public key can never be used as an HMAC secret) and to one
 * {@link Dialect}. Built from a shared secret or from a PEM public key or certificate. Immutable.
 */
public final class TokenKey {
    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Options of a key beyond its material. */
    public record Options(Dialect dialect, boolean requireExpiry, boolean publicPublish) {
        public static Options of(Dialect dialect) {
            return new Options(dialect, false, false);
        }
    }

    private interface SignatureCheck {
        boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException;
    }

    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final SignatureCheck check;
    private final Options options;
    private final String fingerprint;
    private final int secretLength;

    private TokenKey(JWSAlgorithm algorithm, SignatureCheck check, Options options, String fingerprint,
            int secretLength) {
        this(algorithm, null, check, options, fingerprint, secretLength);
    }

    private TokenKey(JWSAlgorithm algorithm, String keyId, SignatureCheck check, Options options, String fingerprint,
            int secretLength) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.check = check;
        this.options = options;
        this.fingerprint = fingerprint;
        this.secretLength = secretLength;
    }

    /**
     * @param material a shared secret, or a PEM {@code PUBLIC KEY} or {@code CERTIFICATE}
     * @param algorithm the JWS algorithm name, or null for the key's default (HS256 for a secret,
     *     RS256 for RSA, ES256/384/512 by the curve for EC)
     * @throws IllegalArgumentException with a message for the operator when the key is unusable
     */
    public static TokenKey of(String material, String algorithm, Options options) {
        if (material == null || material.isEmpty()) {
            throw new IllegalArgumentException("the key is empty");
        }
        String trimmed = material.strip();
        if (trimmed.startsWith("-----BEGIN")) {
            return publicKey(pem(trimmed), algorithm, options);
        }
        JWSAlgorithm alg = algorithm(algorithm, JWSAlgorithm.HS256);
        if (!HMAC.contains(alg)) {
            throw new IllegalArgumentException("the algorithm " + alg + " needs a PEM public key, not a secret");
        }
        byte[] secret = material.getBytes(StandardCharsets.UTF_8);
        String mac = "Hmac" + alg.getName().replace("HS", "SHA");
        SignatureCheck check = (header, input, signature) -> {
            try {
                Mac m = Mac.getInstance(mac);
                m.init(new SecretKeySpec(secret, mac));
                return MessageDigest.isEqual(m.doFinal(input), signature.decode());
            } catch (GeneralSecurityException e) {
                throw new JOSEException(e.getMessage(), e);
            }
        };
        return new TokenKey(alg, check, options, digest(secret), secret.length);
    }

    private static TokenKey publicKey(PublicKey key, String algorithm, Options options) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                JWSAlgorithm alg = algorithm(algorithm, JWSAlgorithm.RS256);
                if (!RSA.contains(alg)) {
                    throw new IllegalArgumentException("an RSA key verifies RS256/384/512 or PS256/384/512, not " + alg);
                }
                JWSVerifier verifier = new RSASSAVerifier(rsa);
                return new TokenKey(alg, verifier::verify, options, digest(key.getEncoded()), 0);
            }
            if (key instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                JWSAlgorithm curveAlg = bits <= 256 ? JWSAlgorithm.ES256 : bits <= 384 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
                JWSAlgorithm alg = algorithm(algorithm, curveAlg);
                if (!alg.equals(curveAlg)) {
                    throw new IllegalArgumentException("this EC key's curve verifies " + curveAlg + ", not " + alg);
                }
                JWSVerifier verifier = new ECDSAVerifier(ec);
                return new TokenKey(alg, verifier::verify, options, digest(key.getEncoded()), 0);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + " (use RSA or EC)");
    }

    private static JWSAlgorithm algorithm(String name, JWSAlgorithm fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(name.strip().toUpperCase(java.util.Locale.ROOT));
        if (!HMAC.contains(alg) && !RSA.contains(alg) && !EC.contains(alg)) {
            throw new IllegalArgumentException("unsupported JWT algorithm \"" + name
                    + "\" (use HS256/384/512, RS256/384/512, PS256/384/512 or ES256/384/512)");
        }
        return alg;
    }

    private static PublicKey pem(String text) {
        // Environment variables often carry PEM with literal "\n" instead of line breaks.
        String pem = text.indexOf('\n') < 0 ? text.replace("\\n", "\n") : text;
        int typeEnd = pem.indexOf("-----", "-----BEGIN ".length());
        int bodyStart = pem.indexOf('\n');
        int bodyEnd = pem.indexOf("-----END");
        if (typeEnd < 0 || bodyStart < 0 || bodyEnd < bodyStart) {
            // An unclosed "-----BEGIN ..." line must be a configuration error, not an index exception.
            throw new IllegalArgumentException("malformed PEM");
        }
        String type = pem.substring("-----BEGIN ".length(), typeEnd);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(bodyStart, bodyEnd));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        try {
            switch (type) {
                case "CERTIFICATE":
                    return CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                case "PUBLIC KEY":
                    for (String kind : new String[] {"RSA", "EC"}) {
                        try {
                            return KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(der));
                        } catch (GeneralSecurityException ignored) {
                            // try the next key type
                        }
                    }
                    throw new IllegalArgumentException("the PUBLIC KEY is neither RSA nor EC");
                default:
                    throw new IllegalArgumentException("unsupported PEM type \"" + type
                            + "\" (use PUBLIC KEY or CERTIFICATE; a private key must never be given to the hub)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable PEM " + type + ": " + e.getMessage(), e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The key id ({@code kid}) of a key from a JWK Set, or null for a configured key. */
    public String keyId() {
        return keyId;
    }

    public Dialect dialect() {
        return options.dialect();
    }

    public Options options() {
        return options;
    }

    /** A SHA-256 of the key material: two keys with the same fingerprint are the same key. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The secret's length in bytes, or 0 for a public key. */
    public int secretLength() {
        return secretLength;
    }

    boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        try {
            return check.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }
}
