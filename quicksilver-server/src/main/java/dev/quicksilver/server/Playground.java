package dev.quicksilver.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quicksilver.core.auth.AuthorizationDetails;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Development only: an issuer of the hub's own, with a random key that never leaves the process,
 * which mints short-lived all-access 1.0 tokens for the debugger page. Anyone who can reach the
 * hub can get one, which is why it is off unless asked for.
 */
public final class Playground {
    /** The {@code iss} of the playground's tokens. */
    public static final String ISSUER = "urn:quicksilver:playground";
    /** How long a minted token lives: the stream it opens ends then, and the page fetches another. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final Clock clock;
    private final String secret;
    private final IssuerSpec issuer;

    Playground(Clock clock) {
        this.clock = clock;
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        KeySpec key = new KeySpec(secret, "HS256", Dialect.OAUTH, "playground");
        this.issuer = new IssuerSpec(ISSUER, Dialect.OAUTH, List.of(key), List.of(key), null, null, "playground");
    }

    IssuerSpec issuer() {
        return issuer;
    }

    /** A token that may publish and subscribe to every topic on the hub at this URL, for {@link #LIFETIME}. */
    public String mint(String hubUrl) {
        Map<String, Object> all = Map.of("type", AuthorizationDetails.TYPE, "actions", List.of("publish", "subscribe"),
                "topics", List.of(Map.of("match", "*")));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(hubUrl)
                .subject("playground")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .claim("authorization_details", List.of(all))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
