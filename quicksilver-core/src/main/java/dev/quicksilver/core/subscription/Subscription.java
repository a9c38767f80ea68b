package dev.quicksilver.core.subscription;

import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.update.Update;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subscriber's subscription to one selector, as the 0.x protocol describes it in JSON-LD.
 *
 * @param selector the topic selector, as the subscriber sent it
 * @param active false once the subscriber has gone
 */
public record Subscription(Subscriber subscriber, String selector, boolean active) {
    public static final String CONTEXT = "https://mercure.rocks/";

    public String subscriberId() {
        return subscriber.id();
    }

    /** The subscription's IRI, which is also the topic of its events. */
    public String id() {
        return Subscriptions.path(selector, subscriber.id());
    }

    public Subscription inactive() {
        return new Subscription(subscriber, selector, false);
    }

    /** The JSON-LD document; with {@code lastEventId} for the API's single resource. */
    public Map<String, Object> document(boolean withContext, String lastEventId) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (withContext) {
            doc.put("@context", CONTEXT);
        }
        doc.put("id", id());
        doc.put("type", "Subscription");
        doc.put("topic", selector);
        doc.put("subscriber", subscriber.id());
        doc.put("active", active);
        Object payload = subscriber.principal().payload();
        if (payload != null) {
            doc.put("payload", payload);
        }
        if (lastEventId != null) {
            doc.put("lastEventID", lastEventId);
        }
        return doc;
    }

    /** The private update that announces this subscription's start or end. */
    public Update announcement() {
        return new Update(null, List.of(id()), Json.write(document(true, null)), true,
                null, 0, Set.of());
    }
}
