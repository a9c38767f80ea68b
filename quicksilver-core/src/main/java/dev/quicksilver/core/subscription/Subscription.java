package dev.quicksilver.core.subscription;

import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.update.Update;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subscriber's subscription to one matcher. Its documents and events take the shape of the
 * era of the matcher: 0.x JSON-LD for {@code topic=} subscriptions (events without an SSE type, so
 * 0.x {@code onmessage} listeners see them), 1.0 JSON with {@code event: mercure} for {@code match*}
 * subscriptions.
 *
 * @param active false once the subscriber has gone
 */
public record Subscription(Subscriber subscriber, Matcher matcher, boolean active) {
    public static final String CONTEXT = "https://mercure.rocks/";
    /** The SSE type of 1.0 subscription events, reserved for the hub. */
    public static final String EVENT_TYPE = "mercure";

    public String subscriberId() {
        return subscriber.id();
    }

    public boolean modern() {
        return matcher.type().modern();
    }

    /** The subscription's IRI, which is also the topic of its events. */
    public String id() {
        String base = Subscriptions.BASE_PATH + "/";
        if (modern()) {
            base += matcher.type().label() + "/";
        }
        return base + Subscriptions.encodeSegment(matcher.match()) + "/" + Subscriptions.encodeSegment(subscriber.id());
    }

    public Subscription inactive() {
        return new Subscription(subscriber, matcher, false);
    }

    /**
     * The document, in the shape of its era.
     *
     * @param standalone a document on its own (0.x adds {@code @context}), rather than an item of a collection
     * @param lastEventId 0.x's cursor property for the API's single resource, or null
     */
    public Map<String, Object> document(boolean standalone, String lastEventId) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (modern()) {
            doc.put("id", id());
            doc.put("type", "subscription");
            doc.put("match_type", matcher.type().label());
            doc.put("match", matcher.match());
        } else {
            if (standalone) {
                doc.put("@context", CONTEXT);
            }
            doc.put("id", id());
            doc.put("type", "Subscription");
            doc.put("topic", matcher.match());
        }
        doc.put("subscriber", subscriber.id());
        doc.put("active", active);
        Object payload = subscriber.principal().payload(matcher.match());
        if (payload != null) {
            doc.put("payload", payload);
        }
        if (lastEventId != null && !modern()) {
            doc.put("lastEventID", lastEventId);
        }
        return doc;
    }

    /** The private update that announces this subscription's start or end. */
    public Update announcement() {
        if (modern()) {
            return new Update(null, List.of(id()), Json.writePretty(document(true, null)), true, EVENT_TYPE, 0, Set.of());
        }
        return new Update(null, List.of(id()), Json.write(document(true, null)), true, null, 0, Set.of());
    }
}
