package dev.quicksilver.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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

    // ---------------------------------------------------------------- 1.0 access tokens (RFC 9068)

    /** The header of an HS256 access token. */
    public static final String AT_JWT_HS256 = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}";

    /** An HS256 access token: header {@code {"alg":"HS256","typ":"at+jwt"}} and these claims, verbatim. */
    public static String accessToken(String secret, String claimsJson) {
        return withHeader(AT_JWT_HS256, secret, claimsJson);
    }

    /**
     * An HMAC token with this header JSON verbatim (its {@code alg} must be HS256, HS384 or HS512),
     * for headers a test controls: {@code typ}, {@code kid}, {@code jwk}, {@code jku}...
     */
    public static String withHeader(String headerJson, String secret, String claimsJson) {
        try {
            String alg = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(headerJson).get("alg");
            String signingInput = Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + Base64URL.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
            byte[] mac = HMAC.compute("Hmac" + alg.replace("HS", "SHA"), secret.getBytes(StandardCharsets.UTF_8),
                    signingInput.getBytes(StandardCharsets.US_ASCII), null);
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) with this header and these claims, and an empty signature. */
    public static String unsigned(String headerJson, String claimsJson) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The type of Mercure's authorization details. */
    public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    /** One Mercure authorization detail; {@code actions} and {@code topics} are JSON arrays given literally. */
    public static String detail(String actions, String topics) {
        return "{\"type\":\"" + DETAIL_TYPE + "\",\"actions\":" + actions + ",\"topics\":" + topics + "}";
    }

    /**
     * The claims of an access token: {@code iss}, {@code aud} (a JSON value given literally; null
     * leaves it out), {@code exp} in an hour, and these details as {@code authorization_details}
     * (none: the claim is left out).
     */
    public static String atClaims(String iss, String audJson, String... details) {
        StringBuilder c = new StringBuilder("{\"iss\":\"" + iss + "\",\"sub\":\"test\"");
        if (audJson != null) {
            c.append(",\"aud\":").append(audJson);
        }
        c.append(",\"exp\":").append(java.time.Instant.now().getEpochSecond() + 3600);
        if (details.length > 0) {
            c.append(",\"authorization_details\":[").append(String.join(",", details)).append(']');
        }
        return c.append('}').toString();
    }

    /** A JSON string literal. */
    public static String json(String s) {
        return com.nimbusds.jose.util.JSONStringUtils.toJSONString(s);
    }

    /** A fresh RSA key pair (2048 bits) with this key id (null: none). */
    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh P-256 key pair with this key id (null: none). */
    public static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An access token signed with a private RSA or EC key (RS256 for RSA, ES256 for P-256), with
     * header {@code typ: at+jwt} and the key's {@code kid} when it has one.
     */
    public static String accessToken(JWK privateKey, String claimsJson) {
        JWSAlgorithm alg = privateKey instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        JWSHeader.Builder header = new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt"));
        if (privateKey.getKeyID() != null) {
            header.keyID(privateKey.getKeyID());
        }
        return sign(header.build(), privateKey, claimsJson);
    }

    /** A JWS with this header, signed with a private RSA or EC key (the header's alg must fit the key). */
    public static String sign(JWSHeader header, JWK privateKey, String claimsJson) {
        try {
            JWSSigner signer = privateKey instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) privateKey);
            JWSObject jws = new JWSObject(header, new Payload(claimsJson));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM text ({@code -----BEGIN PUBLIC KEY-----}) of a key pair's public half, as an operator configures it. */
    public static String pem(RSAKey key) {
        try {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(key.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
