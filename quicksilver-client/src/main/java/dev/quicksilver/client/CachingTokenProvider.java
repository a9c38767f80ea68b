package dev.quicksilver.client;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Mints with a {@link TokenFactory} and reuses the token until {@code margin} before its {@code exp},
 * so a token never reaches the hub about to expire. A token without {@code exp} is reused forever.
 */
public final class CachingTokenProvider implements TokenProvider {
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(30);

    private final TokenFactory factory;
    private final Clock clock;
    private final Duration margin;
    private String token;
    private Instant renewAt;

    public CachingTokenProvider(TokenFactory factory, Clock clock, Duration margin) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    @Override
    public synchronized String token() {
        if (token == null || (renewAt != null && !clock.instant().isBefore(renewAt))) {
            token = factory.create();
            Instant expiry = expiry(token);
            renewAt = expiry == null ? null : expiry.minus(margin);
        }
        return token;
    }

    private static Instant expiry(String jwt) {
        try {
            Date exp = JWTParser.parse(jwt).getJWTClaimsSet().getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("The token factory made something that is not a JWT", e);
        }
    }
}
