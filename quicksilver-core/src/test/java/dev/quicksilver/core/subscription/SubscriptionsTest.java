package dev.quicksilver.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Active subscriptions, 0.x shape (Mercure draft-07 "Active Subscriptions"): paths (each variable
 * percent-encoded once, RFC 6570; docs/protocol-eras.md "subscription event paths"), list and find.
 */
@DisplayName("Subscriptions: 0.x subscription paths, list and find (draft-07 Active Subscriptions; RFC 6570)")
class SubscriptionsTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();
    private final Subscriptions subscriptions = new Subscriptions();

    private static Subscriber subscriber(String id, String... selectors) {
        return new Subscriber(id, Matcher.topics(Arrays.stream(selectors).map(SELECTORS::parse)
                .collect(Collectors.toList())), Anonymous.INSTANCE);
    }

    /** Every subscription the listing gives, in its order. */
    private List<Subscription> all(boolean modern, MatchType type, String match) {
        SubscriptionListing listing = subscriptions.listing(modern, type, match);
        List<Subscription> result = new ArrayList<>();
        for (Subscription s = listing.next(Long.MAX_VALUE); s != null; s = listing.next(Long.MAX_VALUE)) {
            result.add(s);
        }
        assertThat(listing.ended()).isTrue();
        return result;
    }

    @ParameterizedTest(name = "RFC 6570: segment \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a b|a%20b",
        "100%|100%25",
        "a/b|a%2Fb",
        "https://e/books/{id}|https%3A%2F%2Fe%2Fbooks%2F%7Bid%7D",
        "caf\u00e9|caf%C3%A9",
        "\uD83D\uDE00|%F0%9F%98%80",
        "a+b|a%2Bb",
        "AZaz09-._~|AZaz09-._~",
        "urn:uuid:1|urn%3Auuid%3A1",
        "?#[]@!$&'()*,;=|%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D"
    })
    void encodeSegment(String value, String expected) {
        assertThat(Subscriptions.encodeSegment(value)).isEqualTo(expected);
    }

    @Test
    @DisplayName("draft-08 Subscription Events: encoded exactly once: an already-encoded %20 becomes %2520")
    void encodedOnce() {
        assertThat(Subscriptions.encodeSegment("a%20b")).isEqualTo("a%2520b");
        assertThat(Subscriptions.encodeSegment("")).isEmpty();
    }

    @Test
    @DisplayName("draft-07 Subscription Events: path = /.well-known/mercure/subscriptions/{topic}/{subscriber}")
    void path() {
        Subscriber s = subscriber("urn:uuid:1", "https://e/a b");
        assertThat(new Subscription(s, s.matchers().get(0), true).id())
                .isEqualTo("/.well-known/mercure/subscriptions/https%3A%2F%2Fe%2Fa%20b/urn%3Auuid%3A1");
    }

    @Test
    @DisplayName("list: one per (subscriber, selector), sorted by subscriber then selector; filter by selector")
    void list() {
        subscriptions.add(subscriber("urn:b", "t2", "t1"));
        subscriptions.add(subscriber("urn:a", "t1", "*"));
        assertThat(subscriptions.size()).isEqualTo(2);
        assertThat(all(false, null, null)).extracting(s -> s.subscriberId() + " " + s.matcher().match())
                .containsExactly("urn:a *", "urn:a t1", "urn:b t1", "urn:b t2");
        assertThat(all(false, null, "t1")).extracting(Subscription::subscriberId).containsExactly("urn:a", "urn:b");
        assertThat(all(false, null, "T1")).isEmpty();
        assertThat(all(false, null, null)).allMatch(Subscription::active);
    }

    @Test
    @DisplayName("find: by selector text and subscriber id; unknown either way -> empty")
    void find() {
        Subscriber s = subscriber("urn:a", "https://e/{id}");
        subscriptions.add(s);
        assertThat(subscriptions.find(MatchType.TOPIC, "https://e/{id}", "urn:a")).hasValueSatisfying(sub -> {
            assertThat(sub.subscriber()).isSameAs(s);
            assertThat(sub.active()).isTrue();
        });
        assertThat(subscriptions.find(MatchType.TOPIC, "https://e/1", "urn:a")).isEmpty();
        assertThat(subscriptions.find(MatchType.TOPIC, "https://e/{id}", "urn:b")).isEmpty();
    }

    @Test
    @DisplayName("remove: by identity; a different subscriber with the same id does not remove it")
    void remove() {
        Subscriber s = subscriber("urn:a", "t");
        subscriptions.add(s);
        subscriptions.remove(subscriber("urn:a", "t"));
        assertThat(subscriptions.size()).isEqualTo(1);
        subscriptions.remove(s);
        assertThat(subscriptions.size()).isZero();
        assertThat(all(false, null, null)).isEmpty();
        subscriptions.remove(s);
        assertThat(subscriptions.size()).isZero();
    }
}
