package dev.quicksilver.core.subscription;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A walk of the registry's subscriptions in order (subscriber id, then matcher string), one at a
 * time. It holds no copy of the registry, only the current subscriber's kept matchers (at most its
 * selector limit), so that the subscriptions API can write a collection of any size as it reads it.
 * Its work is bounded per call: a filtered listing may pass many subscribers before it finds one
 * to list, and a caller on an event loop must be able to stop and come back.
 *
 * <p>Not thread-safe: one caller at a time (the registry it walks is).
 */
public final class SubscriptionListing {
    private static final Comparator<Matcher> BY_MATCH = Comparator.comparing(Matcher::match);

    private final Iterator<? extends Subscriber> walk;
    private final Predicate<Matcher> kept;
    private Subscriber current;
    private List<Matcher> matchers = List.of();
    private int index;
    private long visited;

    /**
     * @param walk the subscribers in the order of their ids
     * @param kept the matchers to list
     */
    SubscriptionListing(Iterator<? extends Subscriber> walk, Predicate<Matcher> kept) {
        this.walk = walk;
        this.kept = kept;
    }

    /** Subscribers looked at so far. */
    public long visited() {
        return visited;
    }

    /** Whether every subscription has been listed. */
    public boolean ended() {
        return index >= matchers.size() && !walk.hasNext();
    }

    /**
     * The next subscription, or null when there is none among the subscribers the walk may look at
     * until it has visited {@code until} in all (then call again with a higher bound), or when the
     * listing has {@link #ended()}.
     */
    public Subscription next(long until) {
        while (index >= matchers.size()) {
            if (visited >= until || !walk.hasNext()) {
                return null;
            }
            current = walk.next();
            visited++;
            matchers = keptInOrder(current);
            index = 0;
        }
        return new Subscription(current, matchers.get(index++), true);
    }

    private List<Matcher> keptInOrder(Subscriber s) {
        List<Matcher> result = new ArrayList<>(0);
        for (Matcher m : s.matchers()) {
            if (kept.test(m)) {
                result.add(m);
            }
        }
        result.sort(BY_MATCH); // stable: equal strings of different types keep the subscriber's order
        return result;
    }
}
