package dev.quicksilver.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.auth.LegacyPrincipal;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The 0.x JSON-LD subscription document and its announcement (Mercure draft-07 "Subscription Events"
 * and "JSON-LD Context").
 */
@DisplayName("Subscription: 0.x JSON-LD document and announcement (draft-07 Subscription Events)")
class SubscriptionTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();

    private static Subscription subscription(Principal principal) {
        Subscriber s = new Subscriber("urn:uuid:1", Matcher.topics(List.of(SELECTORS.parse("https://e/a b"))), principal);
        return new Subscription(s, s.matchers().get(0), true);
    }

    @Test
    @DisplayName("draft-07 Subscription Events: the document has @context, id, type Subscription, topic, subscriber, "
            + "active, in order")
    void document() {
        Map<String, Object> doc = subscription(Anonymous.INSTANCE).document(true, null);
        assertThat(doc).containsExactly(
                Map.entry("@context", "https://mercure.rocks/"),
                Map.entry("id", "/.well-known/mercure/subscriptions/https%3A%2F%2Fe%2Fa%20b/urn%3Auuid%3A1"),
                Map.entry("type", "Subscription"),
                Map.entry("topic", "https://e/a b"),
                Map.entry("subscriber", "urn:uuid:1"),
                Map.entry("active", true));
    }

    @Test
    @DisplayName("without context; with lastEventID for the API's single resource; inactive")
    void documentVariants() {
        Subscription s = subscription(Anonymous.INSTANCE);
        assertThat(s.document(false, null)).doesNotContainKey("@context").containsKey("id");
        assertThat(s.document(true, "urn:uuid:9")).containsEntry("lastEventID", "urn:uuid:9");
        Subscription gone = s.inactive();
        assertThat(gone.active()).isFalse();
        assertThat(gone.document(true, null)).containsEntry("active", false);
        assertThat(gone.id()).isEqualTo(s.id());
        assertThat(s.active()).as("inactive() returns a copy").isTrue();
    }

    @Test
    @DisplayName("the token's mercure.payload is copied into the document")
    void payload() {
        LegacyPrincipal p = new LegacyPrincipal(null, null, Map.of("user", "k"), null, false);
        assertThat(subscription(p).document(true, null)).containsEntry("payload", Map.of("user", "k"));
        assertThat(subscription(Anonymous.INSTANCE).document(true, null)).doesNotContainKey("payload");
    }

    @Test
    @DisplayName("draft-07 Subscription Events: the announcement is a private update on the subscription's path, "
            + "JSON-LD data, no type")
    void announcement() {
        LegacyPrincipal p = new LegacyPrincipal(null, null, List.of(1, "two"), null, false);
        Subscription s = subscription(p);
        Update u = s.announcement();
        assertThat(u.privateUpdate()).isTrue();
        assertThat(u.topics()).containsExactly(s.id());
        assertThat(u.id()).isNull();
        assertThat(u.type()).as("draft-07: 0.x subscription events have no SSE event line").isNull();
        assertThat(u.targets()).isEmpty();
        assertThat(u.data()).isEqualTo("{\"@context\":\"https://mercure.rocks/\","
                + "\"id\":\"/.well-known/mercure/subscriptions/https%3A%2F%2Fe%2Fa%20b/urn%3Auuid%3A1\","
                + "\"type\":\"Subscription\",\"topic\":\"https://e/a b\",\"subscriber\":\"urn:uuid:1\","
                + "\"active\":true,\"payload\":[1,\"two\"]}");
        assertThat(s.inactive().announcement().data()).contains("\"active\":false");
    }

    @Test
    @DisplayName("draft-07 Subscription Events: an anonymous subscriber cannot read announcements; a grant on the "
            + "namespace can")
    void announcementIsPrivate() {
        Update u = subscription(Anonymous.INSTANCE).announcement();
        assertThat(Anonymous.INSTANCE.canRead(u)).isFalse();
        LegacyPrincipal granted = new LegacyPrincipal(null,
                List.of(SELECTORS.parse("/.well-known/mercure/subscriptions{/topic}{/subscriber}")), null, null, false);
        assertThat(granted.canRead(u)).isTrue();
        LegacyPrincipal other = new LegacyPrincipal(null, List.of(SELECTORS.parse("https://e/{x}")), null, null, false);
        assertThat(other.canRead(u)).isFalse();
    }
}
