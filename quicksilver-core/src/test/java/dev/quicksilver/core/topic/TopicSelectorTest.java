package dev.quicksilver.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A selector against one topic or several (canonical plus alternates: Mercure draft-07 "Publication"
 * and "Subscribers").
 */
@DisplayName("TopicSelector: exact, wildcard, template; matchesAny over alternate topics (draft-07 Publication, "
        + "Subscribers)")
class TopicSelectorTest {
    private final TopicSelectors selectors = TopicSelectors.withDefaults();

    @Test
    @DisplayName("draft-07 Publication: matchesAny is true when any topic (canonical or alternate) matches")
    void matchesAny() {
        TopicSelector books = selectors.parse("https://example.com/books/{id}");
        assertThat(books.matchesAny(List.of("https://example.com/users/1", "https://example.com/books/1"))).isTrue();
        assertThat(books.matchesAny(List.of("https://example.com/books/1", "https://example.com/users/1"))).isTrue();
        assertThat(books.matchesAny(List.of("https://example.com/users/1", "https://example.com/users/2"))).isFalse();
        assertThat(books.matchesAny(List.of())).isFalse();
    }

    @Test
    @DisplayName("exact matchesAny and the wildcard over an empty list")
    void exactAndWildcard() {
        TopicSelector exact = new TopicSelector.Exact("a");
        assertThat(exact.matchesAny(List.of("b", "a"))).isTrue();
        assertThat(exact.matchesAny(List.of("b", "A"))).isFalse();
        assertThat(exact.text()).isEqualTo("a");
        assertThat(TopicSelector.Wildcard.INSTANCE.matchesAny(List.of("x"))).isTrue();
        assertThat(TopicSelector.Wildcard.INSTANCE.matchesAny(List.of())).as("no topic, nothing to match").isFalse();
    }

    @Test
    @DisplayName("draft-07 Subscribers: the alternate topic of the reference hub's TestMatchTopic matches the grant "
            + "template")
    void alternateTopicTemplate() {
        TopicSelector grant = selectors.parse("https://example.com/users/foo/{?topic}");
        assertThat(grant.matchesAny(List.of("https://example.com/books/1",
                "https://example.com/users/foo/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1"))).isTrue();
        assertThat(grant.matches("https://example.com/books/1")).isFalse();
    }
}
