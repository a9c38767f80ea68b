package dev.quicksilver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.client.Update;
import dev.quicksilver.server.embedded.EmbeddedHub;
import dev.quicksilver.spring.sample.Book;
import dev.quicksilver.spring.sample.SampleApplication;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real application on Tomcat with the embedded Quicksilver hub: an entity saved reaches a
 * subscriber of the hub, responses advertise the hub, Actuator reports its health.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mercure.embedded.enabled=true", "mercure.embedded.anonymous=true",
            "mercure.jpa.base-url=https://example.com", "mercure.embedded.settings.heartbeat=5s",
            "management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always"})
class EmbeddedHubApplicationTest {
    @LocalServerPort
    int port;
    @Autowired
    EmbeddedHub hub;
    @Autowired
    MercurePublisher publisher;
    @Autowired
    EntityManager entities;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void responsesAdvertiseTheHubAndActuatorReportsItsHealth() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.headers().allValues("Link")).containsExactly("<" + hub.url() + ">; rel=\"mercure\"");
        JsonNode mercure = JsonMapper.builder().build().readTree(health.body()).at("/components/mercure");
        assertThat(mercure.at("/status")).hasToString("\"UP\"");
        assertThat(mercure.at("/components/embedded/status")).hasToString("\"UP\"");
        assertThat(mercure.at("/components/embedded/details/url")).hasToString("\"http://127.0.0.1:" + hub.port()
                + "/.well-known/mercure\"");
    }

    @Test
    void savedEntitiesReachSubscribersAndRolledBackOnesDoNot() throws Exception {
        String topic = "https://example.com/books/{id}";
        try (SseStream stream = SseStream.open(hub.url().toString(), topic)) {
            Book book = transaction.execute(t -> {
                Book b = new Book("Dune");
                entities.persist(b);
                return b;
            });
            assertThat(stream.next()).isEqualTo("{\"id\":" + book.getId() + ",\"title\":\"Dune\"}");

            transaction.executeWithoutResult(t -> {
                entities.find(Book.class, book.getId()).setTitle("Rolled back");
                entities.flush();
                t.setRollbackOnly();
            });
            // The next event is the marker: the rolled-back change never reached the hub.
            publisher.publish(Update.of("marker", "https://example.com/books/marker"));
            assertThat(stream.next()).isEqualTo("marker");

            transaction.executeWithoutResult(t -> entities.remove(entities.find(Book.class, book.getId())));
            assertThat(stream.next()).isEqualTo("{\"id\":" + book.getId() + "}");
        }
    }
}
