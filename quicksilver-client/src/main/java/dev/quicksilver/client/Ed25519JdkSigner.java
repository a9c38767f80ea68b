package dev.quicksilver.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;

/**
 * EdDSA with Ed25519 (RFC 8037) by the JDK's own provider (Java 15+), so the client needs no Tink,
 * which nimbus's own Ed25519 signer requires.
 */
final class Ed25519JdkSigner implements JWSSigner {
    /** The DER prefix of a PKCS#8 Ed25519 key (RFC 8410 section 7) before its 32 private bytes. */
    private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
        0x70, 0x04, 0x22, 0x04, 0x20};

    private final PrivateKey key;
    private final JCAContext context = new JCAContext();

    Ed25519JdkSigner(PrivateKey key) {
        this.key = key;
    }

    static PrivateKey privateKey(OctetKeyPair jwk) {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new IllegalArgumentException("Only Ed25519 OKP keys sign (EdDSA), not " + jwk.getCurve());
        }
        byte[] d = jwk.getDecodedD();
        byte[] der = new byte[PKCS8_PREFIX.length + d.length];
        System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
        System.arraycopy(d, 0, der, PKCS8_PREFIX.length, d.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Unusable Ed25519 JWK: " + e.getMessage(), e);
        }
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signingInput);
            return Base64URL.encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return context;
    }
}
