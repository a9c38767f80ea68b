package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.V1Support.HUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Limits of a 1.0 hub over real sockets (Mercure draft-08 "Subscription", with configured limits;
 * docs/configuration.md "Limits"): the
 * number and length of matchers, and connections in all and per client (MAY 429), keyed by the
 * token's {@code sub} or, for anonymous subscribers, the source address.
 */
class LimitsTest {

    private static Stream open(TestHub hub, String token) {
        return V1Support.get(hub, HUB + "?match=a", token, Map.of());
    }

    /** Opens streams until one is accepted (a closed stream is released asynchronously); returns it. */
    private static Stream openOnceReleased(TestHub hub, String token) {
        AtomicReference<Stream> accepted = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Stream s = open(hub, token);
            if (s.status() == 200) {
                accepted.set(s);
                return true;
            }
            assertThat(s.status()).isEqualTo(429);
            return false;
        });
        return accepted.get();
    }

    private static void assertRefused(Stream s) {
        assertThat(s.status()).isEqualTo(429);
        assertThat(s.body()).isNotBlank().contains("stream");
        assertThat(s.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    @DisplayName("draft-08 Subscription: configured limits — maxMatchers(3): 3 → 200, 4 → 400; maxMatchLength(10): 10 "
            + "bytes → 200, 11 → 400")
    void configuredMatcherLimits() {
        try (TestHub hub = V1Support.v1Hub(b -> b.threads(1).anonymous(true)
                .limits(l -> l.maxMatchers(3).maxMatchLength(10)))) {
            assertThat(status(hub, "match=a&match_exact=b&match_urlpattern=%2Fc")).isEqualTo(200);
            assertThat(status(hub, "match=a&match_exact=b&match_urlpattern=%2Fc&match=d")).isEqualTo(400);
            assertThat(status(hub, "match=0123456789")).isEqualTo(200);
            assertThat(status(hub, "match=0123456789a")).isEqualTo(400);
            // Bytes, not characters: 5 × "é" is 10 bytes, 6 × is 12.
            assertThat(status(hub, "match=" + "%C3%A9".repeat(5))).isEqualTo(200);
            assertThat(status(hub, "match=" + "%C3%A9".repeat(6))).isEqualTo(400);
        }
    }

    private static int status(TestHub hub, String query) {
        try (Stream s = V1Support.get(hub, HUB + "?" + query, null, Map.of())) {
            return s.status();
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (MAY 429): maxConnections(2) — the third stream gets 429 with a message; other "
            + "requests still work; once one closes a new stream is accepted")
    void maxConnections() {
        try (TestHub hub = V1Support.v1Hub(b -> b.threads(1).anonymous(true).limits(l -> l.maxConnections(2)))) {
            Stream first = open(hub, null);
            try (Stream second = open(hub, AccessTokens.token("alice"))) {
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(200);
                try (Stream third = open(hub, AccessTokens.token("bob"))) {
                    assertRefused(third);
                }
                try (Stream fourth = open(hub, null)) {
                    assertRefused(fourth);
                }
                // Publishing is not a stream: it is not refused.
                assertThat(V1Support.post(hub, AccessTokens.publisher(), "topic=a&data=x").statusCode()).isEqualTo(200);
                first.close();
                try (Stream again = openOnceReleased(hub, AccessTokens.token("carol"))) {
                    assertThat(again.status()).isEqualTo(200);
                    // Full again.
                    try (Stream over = open(hub, null)) {
                        assertRefused(over);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (MAY 429): maxConnectionsPerClient(1) is keyed by the token's sub: two subs "
            + "from one address are both accepted, the same sub twice → 429 until its first stream closes")
    void perClientBySubject() {
        try (TestHub hub = V1Support.v1Hub(b -> b.threads(1).limits(l -> l.maxConnectionsPerClient(1)))) {
            Stream alice = open(hub, AccessTokens.token("alice"));
            try (Stream bob = open(hub, AccessTokens.token("bob"))) {
                assertThat(alice.status()).isEqualTo(200);
                assertThat(bob.status()).isEqualTo(200);
                // Another token (other claims, other jti) with the same sub is the same client.
                try (Stream aliceAgain = open(hub, AccessTokens.token("alice",
                        AccessTokens.detail("subscribe", AccessTokens.exact("*"))))) {
                    assertRefused(aliceAgain);
                }
                alice.close();
                try (Stream aliceLater = openOnceReleased(hub, AccessTokens.token("alice"))) {
                    assertThat(aliceLater.status()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    @DisplayName("draft-08 Subscription (MAY 429): maxConnectionsPerClient(1) keys anonymous subscribers by source "
            + "address: a second anonymous stream → 429, while a token's sub from the same address is another client")
    void perClientAnonymousByAddress() {
        try (TestHub hub = V1Support.v1Hub(b -> b.threads(1).anonymous(true)
                .limits(l -> l.maxConnectionsPerClient(1)))) {
            try (Stream anonymous = open(hub, null); Stream dave = open(hub, AccessTokens.token("dave"))) {
                assertThat(anonymous.status()).isEqualTo(200);
                assertThat(dave.status()).isEqualTo(200);
                try (Stream second = open(hub, null)) {
                    assertRefused(second);
                }
                // A token without a sub counts as its address too.
                String noSub = AccessTokens.mint("{\"iss\":\"" + AccessTokens.ISSUER + "\",\"aud\":\""
                        + AccessTokens.HUB_URL + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}");
                try (Stream withoutSub = open(hub, noSub)) {
                    assertRefused(withoutSub);
                }
            }
        }
    }

    @Test
    @DisplayName("per client: subjects are per issuer, so two issuers' \"alice\" are two clients")
    void perClientSubjectsArePerIssuer() {
        String otherSecret = "another-issuer-secret-0123456789abcdef";
        KeySpec otherKey = new KeySpec(otherSecret, "HS256", Dialect.OAUTH, "test");
        IssuerSpec other = new IssuerSpec("https://other-issuer.example", Dialect.OAUTH, List.of(otherKey),
                List.of(otherKey), null, null, "test");
        try (TestHub hub = V1Support.v1Hub(b -> b.threads(1).limits(l -> l.maxConnectionsPerClient(1))
                .auth(a -> a.issuers(List.of(V1Support.issuer(), other))))) {
            String otherAlice = AccessTokens.mint(otherSecret, "{\"iss\":\"https://other-issuer.example\",\"aud\":\""
                    + AccessTokens.HUB_URL + "\",\"sub\":\"alice\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}");
            try (Stream alice = open(hub, AccessTokens.token("alice")); Stream namesake = open(hub, otherAlice)) {
                assertThat(alice.status()).isEqualTo(200);
                assertThat(namesake.status()).isEqualTo(200);
            }
        }
    }
}
