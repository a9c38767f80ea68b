package dev.quicksilver.core.subscription;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's active subscriptions, for the subscriptions API: one per (subscriber, matcher).
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

    /** Subscribers connected now. */
    public int size() {
        return subscribers.size();
    }

    /**
     * The subscriptions of one era: 0.x ({@code modern} false: {@code topic=}) or 1.0.
     *
     * @param type the matcher type to keep, or null for every type of that era
     * @param match the matcher string to keep, or null for all
     */
    public List<Subscription> list(boolean modern, MatchType type, String match) {
        List<Subscription> result = new ArrayList<>();
        for (Subscriber s : subscribers.values()) {
            for (Matcher m : s.matchers()) {
                if (m.type().modern() == modern && (type == null || m.type() == type)
                        && (match == null || match.equals(m.match()))) {
                    result.add(new Subscription(s, m, true));
                }
            }
        }
        result.sort(Comparator.comparing(Subscription::subscriberId).thenComparing(s -> s.matcher().match()));
        return result;
    }

    public Optional<Subscription> find(MatchType type, String match, String subscriberId) {
        Subscriber s = subscribers.get(subscriberId);
        if (s == null) {
            return Optional.empty();
        }
        return s.matchers().stream().filter(m -> m.type() == type && m.match().equals(match)).findFirst()
                .map(m -> new Subscription(s, m, true));
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, once (a space is %20). */
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
