package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The subscriptions API of a real hub, read in its 0.x (JSON-LD) and 1.0 (JSON) shapes. */
class PresenceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOPIC = "https://example.com/rooms/1";

    @Test
    @DisplayName("a 0.x subscriber (topic=, with a payload) and a 1.0 one (match=) listed in both shapes, with cursors")
    void bothShapes() throws Exception {
        try (RealHub hub = RealHub.start(b -> b.features(f -> f.legacy(true).subscriptions(true)))) {
            String url = hub.url("/.well-known/mercure");
            JwtTokenFactory accessTokens = JwtTokenFactory.accessToken(SigningKey.hmac(RealHub.OAUTH_SECRET, "HS256"),
                    RealHub.ISSUER, RealHub.PUBLIC_URL).subscribe("*").build();
            String legacyToken = JwtTokenFactory.legacy(SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256")).subscribe("*")
                    .payload(Map.of("name", "alice")).build().create();
            try (Subscriber old = Subscriber.builder(url).topic(TOPIC).token(legacyToken).connect();
                    Subscriber modern = Subscriber.builder(url).match(TOPIC).tokens(accessTokens::create).connect()) {
                SubscriberTest.awaitOpen(old, 1);
                SubscriberTest.awaitOpen(modern, 1);
                String last = MercureHub.builder(url).tokens(JwtTokenFactory.legacy(SigningKey.hmac(RealHub.LEGACY_SECRET,
                        "HS256")).publish("*").build()).build().publish(Update.of("x", "https://example.com/other"));

                Presence legacy = Presence.of(url, TokenProvider.of(legacyToken), HTTP);
                Presence.Listing topic = legacy.topic(TOPIC);
                assertThat(topic.modern()).isFalse();
                assertThat(topic.lastEventId()).isNotEmpty();
                assertThat(topic.subscriptions()).anySatisfy(s -> {
                    assertThat(s.matchType()).isEqualTo("topic");
                    assertThat(s.match()).isEqualTo(TOPIC);
                    assertThat(s.active()).isTrue();
                    assertThat(s.payload()).isEqualTo(Map.of("name", "alice"));
                });
                assertThat(legacy.all().subscriptions()).hasSizeGreaterThanOrEqualTo(1);

                Presence v1 = Presence.of(url, TokenProvider.cached(accessTokens), HTTP);
                Presence.Listing exact = v1.match("exact", TOPIC);
                assertThat(exact.modern()).isTrue();
                assertThat(exact.lastEventId()).isNotEmpty();
                assertThat(exact.subscriptions()).singleElement().satisfies(s -> {
                    assertThat(s.matchType()).isEqualTo("exact");
                    assertThat(s.match()).isEqualTo(TOPIC);
                    assertThat(s.id()).contains("/subscriptions/exact/");
                });
                Presence.Listing all = v1.all();
                assertThat(all.modern()).isTrue();
                assertThat(all.subscriptions()).extracting(Presence.Subscription::match).contains(TOPIC);
                // the cursor is the newest event: subscribing from it misses nothing that follows
                assertThat(all.lastEventId()).isIn(last, topic.lastEventId()).isNotEmpty();
            }
            assertThatThrownBy(() -> Presence.of(url, TokenProvider.of("x"), HTTP).all()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> Presence.of(url, TokenProvider.of("x"), HTTP).match("regex", "a"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
