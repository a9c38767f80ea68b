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
 *
 * <p>A dispatch can also be split in two, so that the patterns are matched away from the owning
 * thread: {@link #forEachPlainRecipient} serves at once the subscribers without patterns (no
 * regular expression needed), {@link #patternSelectors()} gives the distinct patterns to match
 * elsewhere, and {@link #forEachPatternRecipient} later serves the subscribers with patterns from
 * the result. Every subscriber is served by one of the two only, so each one's events keep their
 * order as long as each kind is called in order.
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
    private int patternSubscribers;
    private boolean dispatching;
    /**
     * The selectors of {@link #patterns}, built when asked after a change (null until then, so that
     * the selectors of subscribers who left are not kept); never modified once handed out.
     */
    private TopicSelector[] patternSnapshot;

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
                group = patterns.computeIfAbsent(patternKey(selector), x -> {
                    patternSnapshot = null;
                    return new Group(selector);
                });
            } else {
                group = exact.computeIfAbsent(selector.text(), x -> new Group(selector));
            }
            Membership m = new Membership(subscriber, group);
            group.add(m);
            subscriber.memberships.add(m);
        }
        subscribers++;
        if (subscriber.selectsByPattern()) {
            patternSubscribers++;
        }
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
                    patternSnapshot = null;
                }
            }
        }
        subscriber.memberships.clear();
        subscribers--;
        if (subscriber.selectsByPattern()) {
            patternSubscribers--;
        }
    }

    public int size() {
        return subscribers;
    }

    /** The subscribers with a URI Template or URL Pattern among their selectors. */
    public int patternSubscribers() {
        return patternSubscribers;
    }

    /**
     * The distinct URI Templates and URL Patterns of the subscribers, as an array that is never
     * modified (a new one after a change), so another thread may match them.
     */
    public TopicSelector[] patternSelectors() {
        if (patternSnapshot == null) {
            TopicSelector[] snapshot = new TopicSelector[patterns.size()];
            int i = 0;
            for (Group group : patterns.values()) {
                snapshot[i++] = group.selector;
            }
            patternSnapshot = snapshot;
        }
        return patternSnapshot;
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

    /**
     * The first half of a split dispatch: calls {@code recipient} for each subscriber without a
     * pattern that selects one of the update's topics and may read it.
     */
    @SuppressWarnings("unchecked")
    public void forEachPlainRecipient(Update update, Consumer<? super S> recipient) {
        checkNotDispatching();
        dispatching = true;
        try {
            visitDirect(update, ++dispatches, (Consumer<Subscriber>) recipient, false);
        } finally {
            dispatching = false;
        }
    }

    /**
     * The second half of a split dispatch: calls {@code recipient} for each subscriber with a
     * pattern that selects one of the update's topics and may read it, given which patterns
     * matched. Patterns whose subscribers have all left since are skipped.
     *
     * @param selectors an array from {@link #patternSelectors()}
     * @param matched for each of selectors, whether it matches one of the update's topics
     */
    @SuppressWarnings("unchecked")
    public void forEachPatternRecipient(Update update, TopicSelector[] selectors, boolean[] matched,
            Consumer<? super S> recipient) {
        checkNotDispatching();
        dispatching = true;
        try {
            long mark = ++dispatches;
            Consumer<Subscriber> r = (Consumer<Subscriber>) recipient;
            visitDirect(update, mark, r, true);
            for (int i = 0; i < selectors.length; i++) {
                if (matched[i]) {
                    Group group = patterns.get(patternKey(selectors[i]));
                    if (group != null) {
                        visit(group, update, mark, r);
                    }
                }
            }
        } finally {
            dispatching = false;
        }
    }

    /** The exact and {@code *} groups' members with patterns, or without. */
    private void visitDirect(Update update, long mark, Consumer<Subscriber> recipient, boolean withPatterns) {
        Kind kind = withPatterns ? Kind.WITH_PATTERNS : Kind.WITHOUT_PATTERNS;
        List<String> topics = update.topics();
        for (int i = 0; i < topics.size(); i++) {
            Group group = exact.get(topics.get(i));
            if (group != null) {
                visit(group, update, mark, recipient, kind);
            }
        }
        visit(wildcard, update, mark, recipient, kind);
    }

    /** Which subscribers a visit serves. */
    private enum Kind {
        ALL, WITH_PATTERNS, WITHOUT_PATTERNS;

        boolean serves(Subscriber s) {
            return this == ALL || s.selectsByPattern() == (this == WITH_PATTERNS);
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
        visit(group, update, mark, recipient, Kind.ALL);
    }

    private static void visit(Group group, Update update, long mark, Consumer<Subscriber> recipient, Kind kind) {
        Membership[] members = group.members;
        for (int i = 0, n = group.size; i < n; i++) {
            Subscriber s = members[i].subscriber;
            if (s.dispatchMark != mark && kind.serves(s)) {
                s.dispatchMark = mark;
                if (s.principal().canRead(update)) {
                    recipient.accept(s);
                }
            }
        }
    }
}
