package dev.quicksilver.core.subscriber;

import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Update;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the subscribers of an update without looking at the others: exact selectors in a hash map
 * (one lookup per topic of the update), {@code *} in one group, and each distinct pattern (URI
 * Template or URL Pattern) once,
 * whatever the number of subscribers sharing it. A publish costs its matches, not the number of
 * connected subscribers.
 *
 * <p>Not thread-safe by design: each event loop owns one index and is the only thread that adds,
 * removes and dispatches, so dispatch needs no lock that a slow subscriber could hold.
 */
public final class SubscriberIndex<S extends Subscriber> {

    /** One subscriber in one group; knows its slot so removal is O(1). */
    static final class Membership {
        final Subscriber subscriber;
        final Group group;
        int slot;

        Membership(Subscriber subscriber, Group group) {
            this.subscriber = subscriber;
            this.group = group;
        }
    }

    /** The subscribers sharing one selector. */
    static final class Group {
        final TopicSelector selector;
        Membership[] members = new Membership[2];
        int size;

        Group(TopicSelector selector) {
            this.selector = selector;
        }

        void add(Membership m) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2);
            }
            m.slot = size;
            members[size++] = m;
        }

        void remove(Membership m) {
            Membership last = members[--size];
            members[m.slot] = last;
            last.slot = m.slot;
            members[size] = null;
        }
    }

    private final Map<String, Group> exact = new HashMap<>();
    private final Map<String, Group> patterns = new HashMap<>();
    private final Group wildcard = new Group(TopicSelector.Wildcard.INSTANCE);
    private long dispatches;
    private int subscribers;
    private boolean dispatching;

    public void add(S subscriber) {
        checkNotDispatching();
        if (!subscriber.memberships.isEmpty()) {
            throw new IllegalStateException("subscriber " + subscriber.id() + " is already indexed");
        }
        for (TopicSelector selector : subscriber.selectors()) {
            Group group;
            if (selector instanceof TopicSelector.Wildcard) {
                group = wildcard;
            } else if (!(selector instanceof TopicSelector.Exact)) {
                group = patterns.computeIfAbsent(patternKey(selector), x -> new Group(selector));
            } else {
                group = exact.computeIfAbsent(selector.text(), x -> new Group(selector));
            }
            Membership m = new Membership(subscriber, group);
            group.add(m);
            subscriber.memberships.add(m);
        }
        subscribers++;
    }

    /** Removes the subscriber; does nothing when it is not in this index. */
    public void remove(S subscriber) {
        checkNotDispatching();
        if (subscriber.memberships.isEmpty()) {
            return;
        }
        for (Membership m : subscriber.memberships) {
            m.group.remove(m);
            if (m.group.size == 0 && m.group != wildcard) {
                if (m.group.selector instanceof TopicSelector.Exact) {
                    exact.remove(m.group.selector.text());
                } else {
                    patterns.remove(patternKey(m.group.selector));
                }
            }
        }
        subscriber.memberships.clear();
        subscribers--;
    }

    public int size() {
        return subscribers;
    }

    /**
     * Calls {@code recipient} once for each subscriber that selects one of the update's topics and
     * may read it, however many of its selectors match. The recipient must not add or remove
     * subscribers meanwhile (disconnect them after the dispatch).
     */
    @SuppressWarnings("unchecked")
    public void forEachRecipient(Update update, Consumer<? super S> recipient) {
        checkNotDispatching();
        dispatching = true;
        try {
            dispatch(update, (Consumer<Subscriber>) recipient);
        } finally {
            dispatching = false;
        }
    }

    private void dispatch(Update update, Consumer<Subscriber> recipient) {
        long mark = ++dispatches;
        List<String> topics = update.topics();
        for (int i = 0; i < topics.size(); i++) {
            Group group = exact.get(topics.get(i));
            if (group != null) {
                visit(group, update, mark, recipient);
            }
        }
        visit(wildcard, update, mark, recipient);
        if (!patterns.isEmpty()) {
            for (Group group : patterns.values()) {
                if (group.selector.matchesAny(topics)) {
                    visit(group, update, mark, recipient);
                }
            }
        }
    }

    /** URI Templates and URL Patterns with the same text are different selectors. */
    private static String patternKey(TopicSelector selector) {
        return selector.getClass().getSimpleName() + ":" + selector.text();
    }

    private void checkNotDispatching() {
        if (dispatching) {
            throw new IllegalStateException("subscribers added or removed during a dispatch");
        }
    }

    private static void visit(Group group, Update update, long mark, Consumer<Subscriber> recipient) {
        Membership[] members = group.members;
        for (int i = 0, n = group.size; i < n; i++) {
            Subscriber s = members[i].subscriber;
            if (s.dispatchMark != mark) {
                s.dispatchMark = mark;
                if (s.principal().canRead(update)) {
                    recipient.accept(s);
                }
            }
        }
    }
}
