package dev.quicksilver.core.subscription;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.TopicSelector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's active subscriptions, for the subscriptions API: one per (subscriber, selector).
 * Thread-safe; event loops add and remove their subscribers, the API reads a snapshot.
 */
public final class Subscriptions {
    /** The path under which subscription resources live. */
    public static final String BASE_PATH = "/.well-known/mercure/subscriptions";

    private final ConcurrentHashMap<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    public void add(Subscriber subscriber) {
        subscribers.put(subscriber.id(), subscriber);
    }

    public void remove(Subscriber subscriber) {
        subscribers.remove(subscriber.id(), subscriber);
    }

    public int size() {
        return subscribers.size();
    }

    /** @param selector the selector text to keep, or null for all */
    public List<Subscription> list(String selector) {
        List<Subscription> result = new ArrayList<>();
        for (Subscriber s : subscribers.values()) {
            for (TopicSelector t : s.selectors()) {
                if (selector == null || selector.equals(t.text())) {
                    result.add(new Subscription(s, t.text(), true));
                }
            }
        }
        result.sort(Comparator.comparing(Subscription::subscriberId).thenComparing(Subscription::selector));
        return result;
    }

    public Optional<Subscription> find(String selector, String subscriberId) {
        Subscriber s = subscribers.get(subscriberId);
        if (s == null) {
            return Optional.empty();
        }
        return s.selectors().stream().filter(t -> t.text().equals(selector)).findFirst()
                .map(t -> new Subscription(s, t.text(), true));
    }

    /** {@code BASE_PATH/{selector}/{subscriber}}, each segment percent-encoded once (a space is %20). */
    public static String path(String selector, String subscriberId) {
        return BASE_PATH + "/" + encodeSegment(selector) + "/" + encodeSegment(subscriberId);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    public static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
