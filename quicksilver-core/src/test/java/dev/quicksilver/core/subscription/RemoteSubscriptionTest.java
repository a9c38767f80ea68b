package dev.quicksilver.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Another node's subscriptions as a node writes them for the cluster, and listed after its own (docs/cluster.md). */
class RemoteSubscriptionTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();

    private static Subscriber subscriber(String id, String... topics) {
        List<Matcher> matchers = Arrays.stream(topics).map(t -> Matcher.topic(SELECTORS.parse(t))).toList();
        return new Subscriber(id, matchers, Anonymous.INSTANCE);
    }

    @Test
    @DisplayName("encode then decode gives each subscription's type, encoded match and collection item")
    void roundTrip() {
        Subscriber s = subscriber("urn:uuid:1", "https://example.com/a\tb", "https://example.com/{id}");
        List<RemoteSubscription> decoded = RemoteSubscription.decode(RemoteSubscription.encode(s));
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).type()).isEqualTo(MatchType.TOPIC);
        assertThat(decoded.get(0).document())
                .isEqualTo(Json.write(new Subscription(s, s.matchers().get(0), true).document(false, null)));
        assertThat(decoded.get(0).kept(false, null, "https://example.com/a\tb")).isTrue();
        assertThat(decoded.get(0).kept(false, null, "https://example.com/other")).isFalse();
        assertThat(decoded.get(0).kept(true, null, null)).as("a 0.x subscription is not in 1.0's listing").isFalse();
        assertThat(RemoteSubscription.decode("garbage\nNOPE\tx\t{}\n")).isEmpty();
    }

    @Test
    @DisplayName("a collection lists the other nodes' subscriptions after its own, in one valid document, whatever "
            + "the part size")
    void collectionWithOthers() {
        Subscriptions registry = new Subscriptions();
        registry.add(subscriber("urn:uuid:local", "https://example.com/local"));
        Subscriber remote = subscriber("urn:uuid:remote", "https://example.com/r1", "https://example.com/r2");
        List<RemoteSubscription> others = RemoteSubscription.decode(RemoteSubscription.encode(remote));
        for (int size : new int[] {1, 64, 100_000}) {
            SubscriptionCollection collection = new SubscriptionCollection("/x", false, "earliest",
                    registry.listing(false, null, null)).withOthers(others);
            StringBuilder out = new StringBuilder();
            while (collection.writeNext(out, size)) {
                // next part
            }
            String text = out.toString();
            assertThat(text).startsWith("{\"@context\"").endsWith("]}");
            assertThat(text.indexOf("urn%3Auuid%3Alocal")).isLessThan(text.indexOf("urn%3Auuid%3Aremote"));
            assertThat(text).contains("example.com%2Fr1").contains("example.com%2Fr2").doesNotContain(",,")
                    .doesNotContain("[,");
        }
    }
}
