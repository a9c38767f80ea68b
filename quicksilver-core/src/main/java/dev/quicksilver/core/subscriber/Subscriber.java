package dev.quicksilver.core.subscriber;

import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subscriber connection: what it selects (routing) and what its token lets it read
 * (authorization). The two are separate: a private update is delivered when a selector matches one
 * of its topics and the token grants one of its topics, possibly another one.
 *
 * <p>Identity and selectors are immutable; the dispatch bookkeeping belongs to the
 * {@link SubscriberIndex} that holds the subscriber and is touched only on its thread.
 */
public class Subscriber {
    private final String id;
    private final List<Matcher> matchers;
    private final List<TopicSelector> selectors;
    private final Principal principal;
    private final boolean selectsByPattern;

    final List<SubscriberIndex.Membership> memberships = new ArrayList<>(1);
    long dispatchMark = -1;

    /**
     * @param id the subscriber's IRI, unique per connection
     * @param matchers at least one; duplicates (same type and string) are dropped
     */
    public Subscriber(String id, List<Matcher> matchers, Principal principal) {
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a subscriber needs a topic selector");
        }
        Map<String, Matcher> unique = new LinkedHashMap<>();
        for (Matcher m : matchers) {
            unique.putIfAbsent(m.type().label() + ":" + m.match(), m);
        }
        this.id = id;
        this.matchers = List.copyOf(unique.values());
        this.selectors = this.matchers.stream().map(Matcher::selector).toList();
        this.principal = principal;
        this.selectsByPattern = selectors.stream()
                .anyMatch(s -> !(s instanceof TopicSelector.Exact) && !(s instanceof TopicSelector.Wildcard));
    }

    /**
     * True when a selector is a URI Template or URL Pattern: such a subscriber's events are found by
     * regular expressions, which may take a while, so they may come apart from the others'.
     */
    public boolean selectsByPattern() {
        return selectsByPattern;
    }

    public String id() {
        return id;
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    /** The compiled selectors of {@link #matchers()}, in the same order. */
    public List<TopicSelector> selectors() {
        return selectors;
    }

    public Principal principal() {
        return principal;
    }

    /** Routing and authorization in one: would this subscriber receive the update? */
    public boolean wants(Update update) {
        for (TopicSelector selector : selectors) {
            if (selector.matchesAny(update.topics())) {
                return principal.canRead(update);
            }
        }
        return false;
    }
}
