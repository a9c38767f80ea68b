package dev.quicksilver.core.subscription;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's active subscriptions, for the subscriptions API: one per (subscriber, matcher).
 * Thread-safe; event loops add and remove their subscribers, the API walks them.
 *
 * <p>The subscribers are kept in the order of their ids, so that a listing is a walk of the live
 * registry in that order rather than a sorted copy of it: a collection of thousands of subscribers
 * with hundreds of selectors each is written as it is read (docs/architecture.md "Threading"), never
 * held whole. The walk is weakly consistent: a subscriber that comes or goes during it may or may not
 * be listed, as the subscriptions API's cursor allows (the Mercure draft's "Subscription API": the
 * subscription events after the cursor tell the rest).
 */
public final class Subscriptions {
    /** The path under which subscription resources live. */
    public static final String BASE_PATH = "/.well-known/mercure/subscriptions";

    private final ConcurrentSkipListMap<String, Subscriber> subscribers = new ConcurrentSkipListMap<>();
    /** The skip list counts its entries one by one: the metrics read this count instead. */
    private final AtomicInteger size = new AtomicInteger();

    public void add(Subscriber subscriber) {
        if (subscribers.put(subscriber.id(), subscriber) == null) {
            size.incrementAndGet();
        }
    }

    public void remove(Subscriber subscriber) {
        if (subscribers.remove(subscriber.id(), subscriber)) {
            size.decrementAndGet();
        }
    }

    /** Subscribers connected now. */
    public int size() {
        return size.get();
    }

    /**
     * The subscriptions of one era, 0.x ({@code modern} false: {@code topic=}) or 1.0, in the order
     * of their subscriber's id and then of their matcher string, read from the registry as the
     * listing goes.
     *
     * @param type the matcher type to keep, or null for every type of that era
     * @param match the matcher string to keep, or null for all
     */
    public SubscriptionListing listing(boolean modern, MatchType type, String match) {
        return new SubscriptionListing(subscribers.values().iterator(), m -> m.type().modern() == modern
                && (type == null || m.type() == type) && (match == null || match.equals(m.match())));
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
