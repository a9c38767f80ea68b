package dev.quicksilver.core.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds JWS tokens for the tests from raw JSON, so that malformed headers and claims can be
 * written too. HMAC is computed here (nimbus's MACSigner refuses secrets under 256 bits, which the
 * seed's {@code !ChangeMe!} is); RSA and EC use nimbus's signers.
 */
final class Jwts {
    private Jwts() {}

    interface Signer {
        byte[] sign(String headerJson, byte[] signingInput) throws Exception;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String token(String headerJson, String payloadJson, Signer signer) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            return input + "." + b64(signer.sign(headerJson, input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    /** HMAC with the JDK, whatever the secret's length. */
    static Signer hmac(String alg, byte[] secret) {
        return (header, input) -> {
            String mac = "Hmac" + alg.replace("HS", "SHA");
            Mac m = Mac.getInstance(mac);
            m.init(new SecretKeySpec(secret, mac));
            return m.doFinal(input);
        };
    }

    static Signer hmac(String alg, String secret) {
        return hmac(alg, secret.getBytes(StandardCharsets.UTF_8));
    }

    static Signer rsa(PrivateKey key) {
        return (header, input) -> new RSASSASigner(key).sign(parseHeader(header), input).decode();
    }

    static Signer ec(PrivateKey key) {
        return (header, input) -> new ECDSASigner((ECPrivateKey) key).sign(parseHeader(header), input).decode();
    }

    private static JWSHeader parseHeader(String json) throws ParseException {
        return JWSHeader.parse(json);
    }

    static String hs256(String secret, String payloadJson) {
        return token(header("HS256"), payloadJson, hmac("HS256", secret));
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    // ---- a self-signed X.509 certificate, DER-encoded by hand (no BouncyCastle needed) ----------

    /** A self-signed v3 certificate for the key pair, signed with SHA256withRSA or SHA256withECDSA. */
    static String certificatePem(KeyPair pair) {
        try {
            boolean rsa = pair.getPublic().getAlgorithm().equals("RSA");
            byte[] algorithm = rsa
                    ? seq(oid(1, 2, 840, 113549, 1, 1, 11), new byte[] {0x05, 0x00})
                    : seq(oid(1, 2, 840, 10045, 4, 3, 2));
            byte[] name = seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0C, "quicksilver test".getBytes(StandardCharsets.UTF_8)))));
            byte[] validity = seq(tlv(0x17, "250101000000Z".getBytes(StandardCharsets.US_ASCII)),
                    tlv(0x17, "491231235959Z".getBytes(StandardCharsets.US_ASCII)));
            byte[] tbs = seq(tlv(0xA0, integer(BigInteger.TWO)), integer(BigInteger.valueOf(20240601)), algorithm,
                    name, validity, name, pair.getPublic().getEncoded());
            Signature signature = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
            signature.initSign(pair.getPrivate());
            signature.update(tbs);
            byte[] sig = signature.sign();
            byte[] bitString = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bitString, 1, sig.length);
            return pem("CERTIFICATE", seq(tbs, algorithm, tlv(0x03, bitString)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((arc >>> shift) & 0x7F));
            }
            out.write(arc & 0x7F);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xFF);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
