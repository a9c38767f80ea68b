package dev.quicksilver.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.client.Update;
import dev.quicksilver.spring.sample.Author;
import dev.quicksilver.spring.sample.Book;
import dev.quicksilver.spring.sample.Review;
import dev.quicksilver.spring.sample.SampleApplication;
import dev.quicksilver.spring.test.AutoConfigureMockMercure;
import dev.quicksilver.spring.test.MockMercure;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = SampleApplication.class, properties = "mercure.jpa.base-url=https://example.com/api/")
@AutoConfigureMockMercure
class MercureJpaTest {
    @Autowired
    MockMercure mercure;
    @Autowired
    EntityManager entities;
    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void reset() {
        mercure.reset();
    }

    @Test
    void createdUpdatedAndDeletedEntitiesArePublishedAfterEachCommit() {
        Book book = transaction.execute(t -> {
            Book b = new Book("Dune");
            entities.persist(b);
            entities.flush();
            assertThat(mercure.messages()).as("nothing before the commit").isEmpty();
            return b;
        });
        String topic = "https://example.com/api/books/" + book.getId();
        assertThat(mercure.messages()).singleElement().satisfies(m -> {
            assertThat(m.hub()).isEqualTo("default");
            assertThat(m.update().topics()).containsExactly(topic);
            assertThat(m.update().data()).isEqualTo("{\"id\":" + book.getId() + ",\"title\":\"Dune\"}");
            assertThat(m.update().isPrivate()).isFalse();
        });

        transaction.executeWithoutResult(t -> entities.find(Book.class, book.getId()).setTitle("Dune Messiah"));
        transaction.executeWithoutResult(t -> entities.remove(entities.find(Book.class, book.getId())));

        assertThat(mercure.updates(topic)).extracting(Update::data).containsExactly(
                "{\"id\":" + book.getId() + ",\"title\":\"Dune\"}",
                "{\"id\":" + book.getId() + ",\"title\":\"Dune Messiah\"}",
                "{\"id\":" + book.getId() + "}");
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        transaction.executeWithoutResult(t -> {
            entities.persist(new Book("Never"));
            entities.flush(); // the insert reaches the database, and the listener, before the rollback
            t.setRollbackOnly();
        });
        try {
            transaction.executeWithoutResult(t -> {
                entities.persist(new Book("Failed"));
                entities.flush();
                throw new IllegalStateException("the business rule says no");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(mercure.messages()).isEmpty();
        assertThat(entities.createQuery("select count(b) from Book b where b.title in ('Never', 'Failed')", Long.class)
                .getSingleResult()).isZero();
    }

    @Test
    void anEntityChangedSeveralTimesInOneTransactionIsPublishedOnceInItsLastState() {
        Book book = transaction.execute(t -> {
            Book b = new Book("Draft");
            entities.persist(b);
            entities.flush();
            b.setTitle("Final");
            entities.flush();
            return b;
        });
        assertThat(mercure.messages()).singleElement()
                .satisfies(m -> assertThat(m.update().data()).isEqualTo("{\"id\":" + book.getId() + ",\"title\":\"Final\"}"));
    }

    @Test
    void entitiesWithoutTheAnnotationAreNotPublished() {
        transaction.executeWithoutResult(t -> entities.persist(new Author("Frank Herbert")));
        assertThat(mercure.messages()).isEmpty();
    }

    @Test
    void theAnnotationsOptionsShapeTheUpdate() {
        Review review = transaction.execute(t -> {
            Review r = new Review("dune", 5);
            entities.persist(r);
            return r;
        });
        await().until(() -> !mercure.messages().isEmpty()); // async: sent after the commit, not waited for
        MockMercure.Message message = mercure.messages().get(0);
        assertThat(message.hub()).isEqualTo("other");
        assertThat(message.update().topics()).isEqualTo(List.of("https://reviews.example.com/dune/reviews/" + review.getId()));
        assertThat(message.update().isPrivate()).isTrue();
        assertThat(message.update().type()).isEqualTo("review");
        assertThat(message.update().retry()).isEqualTo(1500L);
    }
}
