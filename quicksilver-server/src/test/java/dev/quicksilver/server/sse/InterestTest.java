package dev.quicksilver.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Update;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A publish wakes only the loops that may hold a recipient, and never skips one that does. */
@DisplayName("Interest: which shards a publish must reach")
class InterestTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();
    private final Interest interest = new Interest();

    private static Subscriber subscriber(String... selectors) {
        List<TopicSelector> parsed = Arrays.stream(selectors).map(SELECTORS::parse).collect(Collectors.toList());
        return new Subscriber("s", Matcher.topics(parsed), Anonymous.INSTANCE);
    }

    private static Update update(String... topics) {
        return Update.of(List.of(topics), "");
    }

    @Test
    @DisplayName("a shard with no subscriber wants nothing")
    void emptyWantsNothing() {
        assertThat(interest.mayWant(update("https://e/1"))).isFalse();
    }

    @Test
    @DisplayName("exact selectors: the shard wants their topics, in any position of the update, and not others")
    void exactTopics() {
        interest.add(subscriber("https://e/1", "https://e/2"));
        assertThat(interest.mayWant(update("https://e/1"))).isTrue();
        assertThat(interest.mayWant(update("https://e/other", "https://e/2"))).isTrue();
        assertThat(interest.mayWant(update("https://e/3"))).isFalse();
    }

    @Test
    @DisplayName("templates, URL patterns and * make the shard want every update")
    void broadSelectors() {
        Subscriber template = subscriber("https://e/{id}");
        interest.add(template);
        assertThat(interest.mayWant(update("https://unrelated/x"))).isTrue();
        interest.remove(template);
        assertThat(interest.mayWant(update("https://unrelated/x"))).isFalse();

        interest.add(subscriber("*"));
        assertThat(interest.mayWant(update("https://unrelated/x"))).isTrue();
    }

    @Test
    @DisplayName("removal counts down: the topic is wanted while one subscriber of it remains")
    void removalCountsDown() {
        Subscriber a = subscriber("https://e/1");
        Subscriber b = subscriber("https://e/1");
        interest.add(a);
        interest.add(b);
        interest.remove(a);
        assertThat(interest.mayWant(update("https://e/1"))).isTrue();
        interest.remove(b);
        assertThat(interest.mayWant(update("https://e/1"))).isFalse();
    }

    @Test
    @DisplayName("many distinct topics: every subscribed one is wanted (collisions only add wake-ups)")
    void manyTopics() {
        for (int i = 0; i < 50_000; i += 2) {
            interest.add(subscriber("https://e/" + i));
        }
        for (int i = 0; i < 50_000; i += 2) {
            assertThat(interest.mayWant(update("https://e/" + i))).isTrue();
        }
    }
}
