package dev.quicksilver.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.HubException;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedHubTest {
    private static final String SECRET = "an embedded hub's secret of 32 bytes!";
    private static final String BOOK = "https://example.com/books/1";

    private static URI subscription(EmbeddedHub hub, String topic) {
        return URI.create(hub.url() + "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    @Test
    void anInProcessPublishReachesHttpSubscribersWithItsFields() {
        try (EmbeddedHub hub = EmbeddedHub.builder().anonymous(true).start();
                SseClient stream = SseClient.open(subscription(hub, BOOK))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(hub.port()).isPositive();
            assertThat(hub.url()).hasToString("http://localhost:" + hub.port() + "/.well-known/mercure");

            String id = hub.publish(Publication.of("{\"title\":\"Dune\"}", BOOK).withType("book").withRetry(2500));

            SseEvent event = stream.next();
            assertThat(event.id()).isEqualTo(id).startsWith("urn:uuid:");
            assertThat(event.data()).isEqualTo("{\"title\":\"Dune\"}");
            assertThat(event.type()).isEqualTo("book");
            assertThat(event.retry()).isEqualTo(2500L);
            assertThat(hub.publish(Publication.of("", BOOK).withId("chosen"))).isEqualTo("chosen");
            assertThat(stream.next().id()).isEqualTo("chosen");
        }
    }

    @Test
    void aPrivateUpdateReachesOnlySubscribersWhoseTokenGrantsIt() {
        try (EmbeddedHub hub = EmbeddedHub.builder().jwtKey(SECRET).anonymous(true).start();
                SseClient granted = SseClient.open(subscription(hub, BOOK),
                        Map.of("Authorization", "Bearer " + Tokens.mercure(SECRET, null, "[\"" + BOOK + "\"]")));
                SseClient anonymous = SseClient.open(subscription(hub, BOOK))) {
            hub.publish(Publication.of("secret", BOOK).privately());
            hub.publish("public", BOOK);

            assertThat(granted.next().data()).isEqualTo("secret");
            assertThat(granted.next().data()).isEqualTo("public");
            assertThat(anonymous.next().data()).isEqualTo("public");
        }
    }

    @Test
    void refusesWhatAnHttpPublishIsRefusedWithTheSameStatusAndMessage() throws Exception {
        try (EmbeddedHub hub = EmbeddedHub.builder().jwtKey(SECRET).setting("max-body-size", "2048").start()) {
            String token = Tokens.mercure(SECRET, "[\"*\"]", null);
            for (Publication refused : new Publication[] {Publication.of("x", "*"), Publication.of("x", BOOK).withType("mercure"),
                    Publication.of("x", BOOK).withId("#1"), Publication.of("x", "/.well-known/mercure/subscriptions/x")}) {
                HttpResponse<String> http = httpPublish(hub, token, refused);
                assertThat(http.statusCode()).isEqualTo(400);
                assertThatThrownBy(() -> hub.publish(refused)).isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(http.body()).contains(e.getMessage());
                });
            }
            assertThatThrownBy(() -> hub.publish("x".repeat(3000), BOOK))
                    .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(413))
                    .hasMessageContaining("max-body-size");
        }
    }

    private static HttpResponse<String> httpPublish(EmbeddedHub hub, String token, Publication p) throws Exception {
        StringBuilder form = new StringBuilder();
        for (String topic : p.topics()) {
            form.append("topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8)).append('&');
        }
        form.append("data=").append(URLEncoder.encode(p.data(), StandardCharsets.UTF_8));
        if (p.type() != null) {
            form.append("&type=").append(p.type());
        }
        if (p.id() != null) {
            form.append("&id=").append(URLEncoder.encode(p.id(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(hub.url()).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void takesSettingsByFlagOrVariableNameAndNamesTheWrongOnes() {
        EmbeddedHub.Builder builder = EmbeddedHub.builder().setting("heartbeat", "5s").setting("--history-size", "7")
                .setting("QUICKSILVER_MAX_TOPICS", "3").settings(Map.of("cors-origins", "https://app.example.com"));
        assertThat(builder.config().streams().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(builder.config().history().size()).isEqualTo(7);
        assertThat(builder.config().limits().maxTopics()).isEqualTo(3);
        assertThat(builder.config().cors().origins()).containsExactly("https://app.example.com");
        assertThat(builder.config().listen().host()).isEqualTo("127.0.0.1");
        assertThat(builder.config().history().store()).as("no directory created unasked").isEqualTo(HistoryStore.MEMORY);
        // A setting given under any of its names replaces the embedded default.
        assertThat(EmbeddedHub.builder().setting("ADDR", ":0").config().listen().host()).isNull();
        assertThat(EmbeddedHub.builder().setting("QUICKSILVER_DATA_DIR", "/tmp/history").config().history().store())
                .isEqualTo(HistoryStore.SQLITE);

        assertThatThrownBy(() -> EmbeddedHub.builder().setting("heartbeet", "5s").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeet");
        assertThatThrownBy(() -> EmbeddedHub.builder().setting("heartbeat", "often").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> EmbeddedHub.builder().setting("QUICKSILVER_HEARTBEET", "5s").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUICKSILVER_HEARTBEET");
    }

    @Test
    void closeEndsStreamsRefusesLaterPublishesAndFreesThePort() {
        EmbeddedHub hub = EmbeddedHub.builder().anonymous(true).start();
        int port = hub.port();
        SseClient stream = SseClient.open(subscription(hub, BOOK));
        hub.close();

        assertThat(stream.awaitEnd(Duration.ofSeconds(5))).isTrue();
        assertThatThrownBy(() -> hub.publish("late", BOOK))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(503));
        hub.close(); // a second close does nothing
        try (EmbeddedHub again = EmbeddedHub.builder().port(port).start()) {
            assertThat(again.port()).isEqualTo(port);
        }
        stream.close();
    }

    @Test
    void aTakenPortIsAClearFailure() {
        try (EmbeddedHub first = EmbeddedHub.builder().start()) {
            assertThatThrownBy(() -> EmbeddedHub.builder().port(first.port()).start())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not start");
        }
    }
}
