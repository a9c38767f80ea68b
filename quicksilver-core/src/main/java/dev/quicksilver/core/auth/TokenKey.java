package dev.quicksilver.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key that verifies tokens, bound to one signature algorithm (a token signed with any other
 * algorithm is refused, so an RSA public key can never be used as an HMAC secret) and to one
 * {@link Dialect}. Built from a shared secret, from a PEM public key or certificate, or from a JWK
 * (then it carries the JWK's key id). Immutable.
 */
public final class TokenKey {
    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    // Ordered, so the keys from one JWK come out in a stable order.
    private static final List<JWSAlgorithm> HMAC_ORDER = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final List<JWSAlgorithm> RSA_ORDER = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

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
        return new TokenKey(alg, hmacCheck(secret, alg), options, digest(secret), secret.length);
    }

    /**
     * The verification keys one JWK gives, each carrying the JWK's {@code kid}: one key when the JWK
     * names its {@code alg}, else one per algorithm of its family (RSA: RS and PS 256/384/512; EC:
     * the curve's ES algorithm; {@code oct}: HS256/384/512). An empty list, never an exception, for
     * a JWK the hub must not or cannot use to verify signatures, so one odd key in an issuer's JWK
     * Set does not take the others down: {@code use} other than {@code sig}, {@code key_ops}
     * without {@code verify}, an {@code alg} that does not fit the key, a revoked key, an
     * unsupported key type or curve (OKP/Ed25519 would need Tink). Only public parameters of an RSA
     * or EC JWK are read, and {@code x5u}/{@code x5c} are ignored: the key is what the JWK Set says.
     */
    public static List<TokenKey> fromJwk(JWK jwk, Options options) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return List.of();
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return List.of();
        }
        if (jwk.getKeyRevocation() != null) {
            return List.of();
        }
        JWSAlgorithm pinned = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        String kid = jwk.getKeyID();
        List<TokenKey> keys = new ArrayList<>();
        try {
            if (jwk instanceof RSAKey) {
                RSAKey rsa = ((RSAKey) jwk).toPublicJWK();
                RSAPublicKey publicKey = rsa.toRSAPublicKey();
                JWSVerifier verifier = new RSASSAVerifier(publicKey);
                String fingerprint = digest(publicKey.getEncoded());
                for (JWSAlgorithm alg : candidates(pinned, RSA_ORDER)) {
                    keys.add(new TokenKey(alg, kid, verifier::verify, options, fingerprint, 0));
                }
            } else if (jwk instanceof ECKey) {
                ECKey ec = ((ECKey) jwk).toPublicJWK();
                JWSAlgorithm curveAlg = curveAlgorithm(ec.getCurve());
                if (curveAlg == null) {
                    return List.of();
                }
                ECPublicKey publicKey = ec.toECPublicKey();
                JWSVerifier verifier = new ECDSAVerifier(publicKey);
                String fingerprint = digest(publicKey.getEncoded());
                for (JWSAlgorithm alg : candidates(pinned, List.of(curveAlg))) {
                    keys.add(new TokenKey(alg, kid, verifier::verify, options, fingerprint, 0));
                }
            } else if (jwk instanceof OctetSequenceKey) {
                // A symmetric JWK has no public half: its secret is the key. Short secrets are
                // allowed as for configured secrets, hence the HMAC is computed here, not by nimbus.
                byte[] secret = ((OctetSequenceKey) jwk).toByteArray();
                if (secret.length == 0) {
                    return List.of();
                }
                for (JWSAlgorithm alg : candidates(pinned, HMAC_ORDER)) {
                    keys.add(new TokenKey(alg, kid, hmacCheck(secret, alg), options, digest(secret), secret.length));
                }
            }
        } catch (JOSEException e) {
            // An unusable key (e.g. a curve the JDK lacks) is skipped like an unsupported one.
            return List.of();
        }
        return List.copyOf(keys);
    }

    /** The family's algorithms when the JWK names none; else the named one if the family has it. */
    private static List<JWSAlgorithm> candidates(JWSAlgorithm pinned, List<JWSAlgorithm> family) {
        if (pinned == null) {
            return family;
        }
        return family.contains(pinned) ? List.of(pinned) : List.of();
    }

    private static JWSAlgorithm curveAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }

    private static SignatureCheck hmacCheck(byte[] secret, JWSAlgorithm alg) {
        String mac = "Hmac" + alg.getName().replace("HS", "SHA");
        return (header, input, signature) -> {
            try {
                Mac m = Mac.getInstance(mac);
                m.init(new SecretKeySpec(secret, mac));
                // Constant time, so the comparison leaks nothing about the expected MAC.
                return MessageDigest.isEqual(m.doFinal(input), signature.decode());
            } catch (GeneralSecurityException e) {
                throw new JOSEException(e.getMessage(), e);
            }
        };
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

    /**
     * This key, running {@code onCheck} before each of its signature checks: lets tests count how
     * many checks one token costs.
     */
    TokenKey observed(Runnable onCheck) {
        SignatureCheck inner = check;
        return new TokenKey(algorithm, keyId, (header, input, signature) -> {
            onCheck.run();
            return inner.verify(header, input, signature);
        }, options, fingerprint, secretLength);
    }

    boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        try {
            return check.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }
}
