package dev.quicksilver.core.auth;

import static dev.quicksilver.core.auth.Jwts.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.topic.TopicSelectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7519 §4.1.4-6: exp, nbf and iat are NumericDates; null is refused as a string is, never read as absent. */
class NullTimeClaimsTest {
    private static final String SECRET = "null-claims-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_900_000_000L), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0}: null")
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void nullRefused(String claim) {
        TokenVerifier v = new TokenVerifier(List.of(TokenKey.of(SECRET, null, TokenKey.Options.of(Dialect.LEGACY))),
                TopicSelectors.withDefaults(), CLOCK);
        String token = hs256(SECRET, "{\"" + claim + "\":null,\"mercure\":{\"publish\":[\"*\"]}}");
        AuthException e = catchThrowableOfType(AuthException.class, () -> v.verify(token));
        assertThat(e).as("a null " + claim + " is refused").isNotNull();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains(claim);
        // The same token without the claim is fine: absent is allowed, null is not.
        assertThat(v.verify(hs256(SECRET, "{\"mercure\":{\"publish\":[\"*\"]}}"))).isNotNull();
    }
}
