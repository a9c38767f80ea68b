package dev.quicksilver.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The subscriptions API's collection written a part at a time (Mercure draft-08 "Subscription
 * API", draft-07 for 0.x; docs/configuration.md "Large collections"): the parts make exactly the
 * document written whole, each part is bounded, and a filtered walk stops after a bounded number of
 * subscribers.
 */
@DisplayName("SubscriptionCollection: the collection in bounded parts, the same text as whole (draft-08 Subscription API)")
class SubscriptionCollectionTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();
    private final Subscriptions registry = new Subscriptions();

    private void addSubscribers(int count, int selectors) {
        for (int i = 0; i < count; i++) {
            List<Matcher> matchers = new ArrayList<>();
            for (int j = 0; j < selectors; j++) {
                matchers.add(Matcher.topic(SELECTORS.parse("https://example.com/" + i + "/" + j + " \"q\"")));
            }
            registry.add(new Subscriber(String.format("urn:uuid:%05d", (i * 7919) % count), matchers,
                    Anonymous.INSTANCE));
        }
    }

    /** The document as the API wrote it when it was built whole in memory. */
    private String whole(String id, boolean modern, String lastEventId, MatchType type, String match) {
        SubscriptionListing listing = registry.listing(modern, type, match);
        List<Object> items = new ArrayList<>();
        for (Subscription s = listing.next(Long.MAX_VALUE); s != null; s = listing.next(Long.MAX_VALUE)) {
            items.add(s.document(false, null));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        if (!modern) {
            document.put("@context", Subscription.CONTEXT);
        }
        document.put("id", id);
        document.put("type", modern ? "subscriptions" : "Subscriptions");
        if (!modern) {
            document.put("lastEventID", lastEventId);
        }
        document.put("subscriptions", items);
        return Json.write(document);
    }

    /** The parts' text, each part checked against the bound. */
    private static String parts(SubscriptionCollection collection, int size, List<Integer> lengths) {
        StringBuilder all = new StringBuilder();
        StringBuilder part = new StringBuilder();
        boolean more = true;
        for (int i = 0; more && i < 1_000_000; i++) {
            part.setLength(0);
            more = collection.writeNext(part, size);
            lengths.add(part.length());
            all.append(part);
        }
        assertThat(more).as("the document ends").isFalse();
        return all.toString();
    }

    @ParameterizedTest(name = "parts of at least {0} characters")
    @ValueSource(ints = {1, 100, 4096, 1 << 20})
    @DisplayName("0.x: the parts, joined, are the document written whole; a part passes the size by one document at most")
    void legacySameText(int size) {
        addSubscribers(40, 5);
        List<Integer> lengths = new ArrayList<>();
        String text = parts(new SubscriptionCollection("/s", false, "urn:x", registry.listing(false, null, null)),
                size, lengths);
        assertThat(text).isEqualTo(whole("/s", false, "urn:x", null, null));
        SubscriptionListing listing = registry.listing(false, null, null);
        int oneDocument = 0;
        for (Subscription s = listing.next(Long.MAX_VALUE); s != null; s = listing.next(Long.MAX_VALUE)) {
            oneDocument = Math.max(oneDocument, Json.write(s.document(false, null)).length());
        }
        int bound = text.indexOf('[') + 1 + size + oneDocument + 2; // the opening, the size, one more document, "]}"
        assertThat(lengths).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(bound));
    }

    @Test
    @DisplayName("1.0 shape, empty and filtered: the same text as whole")
    void modernAndEmpty() {
        assertThat(parts(new SubscriptionCollection("/s", true, "urn:x", registry.listing(true, null, null)), 10,
                new ArrayList<>())).isEqualTo("{\"id\":\"/s\",\"type\":\"subscriptions\",\"subscriptions\":[]}");
        addSubscribers(10, 3);
        String match = "https://example.com/4/1 \"q\"";
        SubscriptionListing listing = registry.listing(false, MatchType.TOPIC, match);
        String text = parts(new SubscriptionCollection("/s/t", false, "e", listing), 1, new ArrayList<>());
        assertThat(text).isEqualTo(whole("/s/t", false, "e", MatchType.TOPIC, match))
                .contains("\"topic\":\"https://example.com/4/1 \\\"q\\\"\"");
        assertThat(text.split("\"type\":\"Subscription\"", -1)).hasSize(2);
    }

    @Test
    @DisplayName("a part looks at a bounded number of subscribers: a filter that matches none ends after several parts")
    void boundedWalk() {
        int count = 3 * SubscriptionCollection.VISITS_PER_PART + 10;
        addSubscribers(count, 1);
        SubscriptionListing listing = registry.listing(false, null, "https://example.com/none");
        SubscriptionCollection collection = new SubscriptionCollection("/s", false, "e", listing);
        List<Long> visits = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean more = true;
        while (more && visits.size() < 100) {
            long before = listing.visited();
            more = collection.writeNext(text, 1 << 20);
            visits.add(listing.visited() - before);
        }
        assertThat(visits).hasSize(4)
                .allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(SubscriptionCollection.VISITS_PER_PART));
        assertThat(listing.visited()).isEqualTo(count);
        assertThat(text.toString()).endsWith("\"subscriptions\":[]}");
    }
}
