package dev.quicksilver.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.spring.sample.Book;
import dev.quicksilver.spring.sample.Review;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

class EntityUpdatesTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void withoutABaseUrlTheTopicIsTheCurrentRequestsBasePlusTheResource() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/books");
        request.setScheme("https");
        request.setServerName("shop.example.com");
        request.setServerPort(443);
        request.setContextPath("/api");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        EntityUpdates updates = new EntityUpdates(json, MercureJpaAutoConfiguration::requestBaseUrl);
        Book book = new Book("Dune");

        assertThat(updates.saved(Book.class.getAnnotation(Mercure.class), book, 7L).topics())
                .containsExactly("https://shop.example.com/api/books/7");
    }

    @Test
    void outsideARequestAndWithoutABaseUrlTheMistakeIsNamed() {
        EntityUpdates updates = new EntityUpdates(json, MercureJpaAutoConfiguration::requestBaseUrl);
        assertThatThrownBy(() -> updates.saved(Book.class.getAnnotation(Mercure.class), new Book("Dune"), 7L))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mercure.jpa.base-url");
    }

    @Test
    void anExpressionTopicNeedsNoBaseUrlAndADeletionSendsOnlyTheId() {
        EntityUpdates updates = new EntityUpdates(json, () -> null);
        Review review = new Review("dune", 4);
        Mercure mercure = Review.class.getAnnotation(Mercure.class);

        assertThat(updates.deleted(mercure, review, 3L).topics()).containsExactly("https://reviews.example.com/dune/reviews/3");
        assertThat(updates.deleted(mercure, review, 3L).data()).isEqualTo("{\"id\":3}");
    }

    @Test
    void privateWhenMakesTheUpdatesOfSomeEntitiesPrivateTheirDeletionsToo() {
        EntityUpdates updates = new EntityUpdates(json, () -> null);
        Mercure mercure = Note.class.getAnnotation(Mercure.class);

        assertThat(updates.saved(mercure, new Note(true), 1L).isPrivate()).isTrue();
        assertThat(updates.deleted(mercure, new Note(true), 1L).isPrivate()).isTrue();
        assertThat(updates.saved(mercure, new Note(false), 2L).isPrivate()).isFalse();
    }

    @Mercure(topic = "'https://example.com/notes/' + #id", privateWhen = "secret")
    public static final class Note {
        private final boolean secret;

        Note(boolean secret) {
            this.secret = secret;
        }

        public boolean isSecret() {
            return secret;
        }
    }
}
