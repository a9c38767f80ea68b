package dev.quicksilver.server.v1;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints 1.0 access tokens (RFC 9068) for the tests of this package: HS256, header
 * {@code {"alg":"HS256","typ":"at+jwt"}}, claims given as JSON. Kept private to the package so it
 * does not depend on the shared {@code Tokens} helper while that one changes.
 */
final class AccessTokens {
    /** The {@code iss} of the test issuer. */
    static final String ISSUER = "https://issuer.example";
    /** The issuer's HS256 secret (32 bytes or more). */
    static final String SECRET = "v1-issuer-secret-0123456789abcdefghijkl";
    /** The hub's public URL: the {@code aud} of every token, and the base of relative URL patterns. */
    static final String HUB_URL = "https://hub.example.com/.well-known/mercure";
    static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}";

    private AccessTokens() {}

    /** An HS256 access token with these claims, verbatim, signed with {@link #SECRET}. */
    static String mint(String claimsJson) {
        return mint(SECRET, claimsJson);
    }

    static String mint(String secret, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for this subject with these details (JSON objects, see {@link #detail}); valid for an hour. */
    static String token(String sub, String... details) {
        StringBuilder c = new StringBuilder("{\"iss\":").append(json(ISSUER))
                .append(",\"aud\":").append(json(HUB_URL))
                .append(",\"sub\":").append(json(sub))
                .append(",\"client_id\":\"tests\"")
                .append(",\"iat\":").append(Instant.now().getEpochSecond())
                .append(",\"exp\":").append(Instant.now().getEpochSecond() + 3600)
                .append(",\"jti\":").append(json(java.util.UUID.randomUUID().toString()));
        if (details.length > 0) {
            c.append(",\"authorization_details\":[").append(String.join(",", details)).append(']');
        }
        return mint(c.append('}').toString());
    }

    /** A Mercure detail: these actions ({@code "publish"}, {@code "subscribe"}) on these topics (see {@link #exact}, {@link #urlpattern}). */
    static String detail(String actions, String... topics) {
        return detailWithPayload(actions, null, topics);
    }

    /** A Mercure detail with a {@code payload} (a JSON value given literally, null for none). */
    static String detailWithPayload(String actions, String payloadJson, String... topics) {
        StringBuilder d = new StringBuilder("{\"type\":").append(json(DETAIL_TYPE)).append(",\"actions\":[");
        String[] a = actions.split(",");
        for (int i = 0; i < a.length; i++) {
            d.append(i == 0 ? "" : ",").append(json(a[i].strip()));
        }
        d.append("],\"topics\":[").append(String.join(",", topics)).append(']');
        if (payloadJson != null) {
            d.append(",\"payload\":").append(payloadJson);
        }
        return d.append('}').toString();
    }

    static String exact(String match) {
        return "{\"match\":" + json(match) + "}";
    }

    static String urlpattern(String match) {
        return "{\"match\":" + json(match) + ",\"match_type\":\"urlpattern\"}";
    }

    /** May publish and subscribe to every topic. */
    static String all(String sub) {
        return token(sub, detail("publish,subscribe", exact("*")));
    }

    static String publisher() {
        return token("publisher", detail("publish", exact("*")));
    }

    /** A JSON string literal. */
    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
