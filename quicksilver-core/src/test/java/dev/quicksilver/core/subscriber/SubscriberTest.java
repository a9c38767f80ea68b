package dev.quicksilver.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.auth.LegacyPrincipal;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Subscriber: routing and authorization in one (draft-08 Subscribers)")
class SubscriberTest {
    private final TopicSelectors selectors = TopicSelectors.withDefaults();

    @Test
    @DisplayName("duplicate selectors (same text) are kept once, in order")
    void dedupe() {
        Subscriber s = new Subscriber("id", Matcher.topics(List.of(selectors.parse("a"),
                selectors.parse("https://e/{x}"), selectors.parse("a"))), Anonymous.INSTANCE);
        assertThat(s.selectors()).extracting(TopicSelector::text).containsExactly("a", "https://e/{x}");
        assertThat(s.id()).isEqualTo("id");
        assertThat(s.principal()).isSameAs(Anonymous.INSTANCE);
    }

    @Test
    void needsASelector() {
        assertThatThrownBy(() -> new Subscriber("id", List.of(), Anonymous.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("wants = a selector matches some topic (draft-08 Publication) and the principal may read it (draft-08 "
            + "Subscribers)")
    void wants() {
        Subscriber anon = new Subscriber("a", Matcher.topics(List.of(selectors.parse("https://e/{id}"))), Anonymous.INSTANCE);
        assertThat(anon.wants(Update.of(List.of("urn:x", "https://e/1"), ""))).isTrue();
        assertThat(anon.wants(Update.of(List.of("urn:x"), ""))).isFalse();
        Update secret = new Update(null, List.of("https://e/1"), "", true, null, 0, Set.of());
        assertThat(anon.wants(secret)).isFalse();
        LegacyPrincipal granted = new LegacyPrincipal(null, List.of(selectors.parse("*")), null, null, false);
        assertThat(new Subscriber("g", Matcher.topics(List.of(selectors.parse("https://e/{id}"))), granted).wants(secret)).isTrue();
        assertThat(new Subscriber("g", Matcher.topics(List.of(selectors.parse("urn:x"))), granted).wants(secret)).isFalse();
    }
}
