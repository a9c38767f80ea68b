package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Publishing to a real hub with each era's tokens, and the hub's refusals as typed exceptions. */
class MercureHubTest {
    private static final String WELL_KNOWN = "/.well-known/mercure";
    private static RealHub hub;

    @BeforeAll
    static void start() {
        hub = RealHub.start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static MercureHub publisher(String path, TokenFactory tokens) {
        return MercureHub.builder(hub.url(path)).tokens(tokens).maxRetries(0).build();
    }

    private static JwtTokenFactory.Builder legacy() {
        return JwtTokenFactory.legacy(SigningKey.hmac(RealHub.LEGACY_SECRET, "HS256"));
    }

    @Test
    @DisplayName("0.x: a legacy token publishes; the subscriber receives the update with the id the client chose")
    void legacyPublish() throws Exception {
        String topic = "https://example.com/books/1";
        try (RealHub.Stream s = hub.subscribe(WELL_KNOWN, topic, RealHub.legacySubscriber())) {
            String id = publisher(WELL_KNOWN, legacy().publish(topic).build()).publish(Update.of("hello 0.x", topic));
            assertThat(id).startsWith("urn:uuid:");
            assertThat(s.nextEvent()).isEqualTo(id + "|hello 0.x");
        }
    }

    @Test
    @DisplayName("0.x: a private update with its own id, published asynchronously, reaches a subscriber granted it")
    void privateAsyncWithId() throws Exception {
        String topic = "https://example.com/users/7";
        try (RealHub.Stream s = hub.subscribe(WELL_KNOWN, topic, RealHub.legacySubscriber())) {
            Update u = Update.builder().topic(topic).data("line1\nline2").privateUpdate(true).id("my-id-1")
                    .type("note").retry(1000L).build();
            String id = publisher(WELL_KNOWN, legacy().publish("*").build()).publishAsync(u).get(10, TimeUnit.SECONDS);
            assertThat(id).isEqualTo("my-id-1");
            assertThat(s.nextEvent()).isEqualTo("my-id-1|line1\nline2");
        }
    }

    @Test
    @DisplayName("seed era: a targets token publishes a targeted update on /hub; a subscriber whose token lists the target"
            + " receives it")
    void seedEraTargets() throws Exception {
        String topic = "https://example.com/seed/1";
        SigningKey key = SigningKey.hmac(RealHub.TARGETS_SECRET, "HS256");
        String alice = JwtTokenFactory.targets(key).subscribe("alice").build().create();
        try (RealHub.Stream s = hub.subscribe("/hub", topic, alice)) {
            MercureHub seed = publisher("/hub", JwtTokenFactory.targets(key).publish("alice").build());
            String id = seed.publish(Update.builder().topic(topic).data("for alice").target("alice").build());
            assertThat(s.nextEvent()).isEqualTo(id + "|for alice");
            // not listed in the publisher's token: not granted
            assertThatThrownBy(() -> seed.publish(Update.builder().topic(topic).data("x").target("bob").build()))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.kind()).isEqualTo(PublishException.Kind.FORBIDDEN);
                    });
        }
    }

    @Test
    @DisplayName("1.0: an RFC 9068 access token from the hub's issuer publishes; a subscriber receives the update")
    void accessTokenPublish() throws Exception {
        String topic = "https://example.com/v1/1";
        JwtTokenFactory tokens = JwtTokenFactory.accessToken(SigningKey.hmac(RealHub.OAUTH_SECRET, "HS256"),
                RealHub.ISSUER, RealHub.PUBLIC_URL).publishMatching("https://example.com/v1/*").claim("sub", "app")
                .build();
        try (RealHub.Stream s = hub.subscribe(WELL_KNOWN, topic, RealHub.legacySubscriber())) {
            String id = publisher(WELL_KNOWN, tokens).publish(Update.of("hello 1.0", topic));
            assertThat(s.nextEvent()).isEqualTo(id + "|hello 1.0");
        }
        // the same token for another hub (aud) is refused
        JwtTokenFactory elsewhere = JwtTokenFactory.accessToken(SigningKey.hmac(RealHub.OAUTH_SECRET, "HS256"),
                RealHub.ISSUER, "https://other.example.com/.well-known/mercure").publish(topic).build();
        assertThatThrownBy(() -> publisher(WELL_KNOWN, elsewhere).publish(Update.of("x", topic)))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    @DisplayName("401: a token signed with a key the hub does not know → UNAUTHORIZED with the hub's body")
    void badToken() {
        MercureHub h = publisher(WELL_KNOWN,
                JwtTokenFactory.legacy(SigningKey.hmac("not-the-key-0123456789abcdefghijklmn", "HS256")).publish("*")
                        .build());
        assertThatThrownBy(() -> h.publish(Update.of("x", "https://example.com/a")))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.UNAUTHORIZED);
                    assertThat(e.body()).isNotBlank();
                });
    }

    @Test
    @DisplayName("403: a valid token not granted the topic → FORBIDDEN")
    void notGranted() {
        MercureHub h = publisher(WELL_KNOWN, legacy().publish("https://example.com/only-this").build());
        assertThatThrownBy(() -> h.publish(Update.of("x", "https://example.com/other")))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.FORBIDDEN);
                });
    }

    @Test
    @DisplayName("400: the hub refuses type=mercure → BAD_REQUEST carrying the hub's message")
    void hubSideBadRequest() {
        MercureHub h = publisher(WELL_KNOWN, legacy().publish("*").build());
        Update u = Update.builder().topic("https://example.com/a").data("x").type("mercure").build();
        assertThatThrownBy(() -> h.publish(u)).isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.kind()).isEqualTo(PublishException.Kind.BAD_REQUEST);
            assertThat(e.getMessage()).contains(e.body().strip());
        });
    }

    @Test
    @DisplayName("413: a body over the hub's limit → TOO_LARGE")
    void tooLarge() {
        MercureHub h = publisher(WELL_KNOWN, legacy().publish("*").build());
        Update u = Update.of("x".repeat(RealHub.MAX_BODY * 2), "https://example.com/big");
        assertThatThrownBy(() -> h.publish(u)).isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.kind()).isEqualTo(PublishException.Kind.TOO_LARGE);
        });
    }

    @Test
    @DisplayName("the registry hands out hubs by name and its default; the default publishes to the real hub")
    void registry() {
        MercureHub main = publisher(WELL_KNOWN, legacy().publish("*").build());
        MercureHub seed = publisher("/hub", JwtTokenFactory.targets(SigningKey.hmac(RealHub.TARGETS_SECRET, "HS256"))
                .publish("*").build());
        HubRegistry hubs = new HubRegistry(Map.of("main", main, "seed", seed), "main");
        assertThat(hubs.getDefault()).isSameAs(main);
        assertThat(hubs.get("seed")).isSameAs(seed);
        assertThat(hubs.names()).containsExactlyInAnyOrder("main", "seed");
        assertThat(hubs.getDefault().publish(Update.of("x", "https://example.com/r"))).startsWith("urn:uuid:");
        assertThatThrownBy(() -> hubs.get("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> new HubRegistry(Map.of("main", main), "other"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
