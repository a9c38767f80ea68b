package dev.quicksilver.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Mints test tokens. HMAC is computed directly so that short secrets (as in the seed era's examples) work. */
public final class Tokens {
    private Tokens() {}

    /** An HS256 token with this JSON payload. */
    public static String hs256(String secret, String payloadJson) {
        return sign(JWSAlgorithm.HS256, secret, payloadJson);
    }

    public static String sign(JWSAlgorithm alg, String secret, String payloadJson) {
        try {
            JWSHeader header = new JWSHeader.Builder(alg).build();
            String signingInput = header.toBase64URL() + "." + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
            byte[] mac = HMAC.compute("Hmac" + alg.getName().replace("HS", "SHA"),
                    secret.getBytes(StandardCharsets.UTF_8), signingInput.getBytes(StandardCharsets.US_ASCII), null);
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"mercure":{"publish":[...],"subscribe":[...]}} with JSON string arrays given literally, e.g. "[\"*\"]"; null leaves one out. */
    public static String mercure(String secret, String publish, String subscribe) {
        StringBuilder claim = new StringBuilder("{\"mercure\":{");
        if (publish != null) {
            claim.append("\"publish\":").append(publish);
        }
        if (subscribe != null) {
            claim.append(publish != null ? "," : "").append("\"subscribe\":").append(subscribe);
        }
        return hs256(secret, claim.append("}}").toString());
    }

    /** A token with the signature of another key: well-formed, never valid. */
    public static String forged(String payloadJson) {
        return hs256("not-the-hub-key-0123456789abcdefghij", payloadJson);
    }
}
