package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a reconnecting client is replayed: the updates, kept by the store (in memory or on disk),
 * and the subscription events (Mercure, "Active Subscriptions"), kept apart in memory in a budget
 * of their own; one sequence numbers both, and replays merge them in that order.
 *
 * <p>Apart, because the hub publishes a subscription event when each subscription starts and when
 * it ends: connections alone, which any client may open and close, would otherwise push updates
 * out of a history bounded by count and bytes, and a client resuming with a valid
 * {@code Last-Event-ID} would miss updates. Kept (rather than only delivered live), because the
 * subscription API gives a {@code lastEventID} that a client passes back when it subscribes to the
 * subscription events, to miss none (the draft's "Subscription API"). In memory, because they
 * describe the subscriptions of this process, which all end with it. When their budget is full the
 * oldest subscription events go (the draft lets a hub discard events); updates never do for them.
 *
 * <p>Consistency with the live feed: a transport stores an event in its part, then marks it
 * {@link #published}, and only then hands it to subscribers. A replay reads the mark first, then
 * both parts, and keeps only the events up to the mark. So every event handed out before the
 * replay began is in it, and none is in it unless all earlier ones are: the live feed, which the
 * subscriber joined before asking, brings the rest with no hole.
 */
public final class HubHistory implements History {
    /** Subscription events kept, by default: at most this many (and never more than the history size). */
    public static final int DEFAULT_SUBSCRIPTION_EVENTS = 1_000;
    /** Subscription events kept, by default: at most these bytes, by {@link InMemoryHistory#footprint}. */
    public static final long DEFAULT_SUBSCRIPTION_EVENT_BYTES = 4L << 20;

    private final History updates;
    private final InMemoryHistory subscriptionEvents;
    private volatile long published;

    public HubHistory(History updates, InMemoryHistory subscriptionEvents) {
        this.updates = updates;
        this.subscriptionEvents = subscriptionEvents;
    }

    /** The updates' part: what the store keeps. */
    public History updates() {
        return updates;
    }

    /** Stores an update in the updates' part, for a store that takes appends. */
    @Override
    public void append(Event update) {
        updates.append(update);
    }

    /** Stores a subscription event, in sequence order with the updates (same caller rules as {@link #append}). */
    public void appendSubscriptionEvent(Event event) {
        subscriptionEvents.append(event);
    }

    /**
     * Marks every event up to this sequence as stored in its part; called before subscribers see
     * them, in increasing order, from one thread at a time.
     */
    public void published(long sequence) {
        published = sequence;
    }

    @Override
    public CompletionStage<Replay> after(String lastEventId) {
        long horizon = published;
        if (!Replay.EARLIEST.equals(lastEventId)) {
            Replay subscriptionEvent = subscriptionEvents.after(lastEventId).toCompletableFuture().join();
            if (subscriptionEvent.found()) {
                long after = subscriptionEvent.after();
                return updates.afterSequence(after).thenApply(u -> u.found() ? merge(u, after, horizon) : u);
            }
        }
        return updates.after(lastEventId).thenApply(u -> u.found() ? merge(u, u.after(), horizon) : u);
    }

    @Override
    public CompletionStage<Replay> afterSequence(long sequence) {
        long horizon = published;
        return updates.afterSequence(sequence).thenApply(u -> u.found() ? merge(u, sequence, horizon) : u);
    }

    /**
     * The updates replayed after {@code after}, with the subscription events after it, up to the
     * horizon. The subscription events are read now, after the updates: both then hold every event
     * up to the horizon.
     */
    private Replay merge(Replay updates, long after, long horizon) {
        List<Event> u = updates.events();
        List<Event> s = subscriptionEvents.eventsAfter(after);
        List<Event> merged = new ArrayList<>(u.size() + s.size());
        int i = 0;
        int j = 0;
        while (i < u.size() || j < s.size()) {
            Event next = j == s.size() || (i < u.size() && u.get(i).sequence() < s.get(j).sequence())
                    ? u.get(i++) : s.get(j++);
            if (next.sequence() > horizon) {
                break;
            }
            merged.add(next);
        }
        return new Replay(true, after, merged);
    }

    @Override
    public String lastEventId() {
        return updates.lastSequence() >= subscriptionEvents.lastSequence() ? updates.lastEventId()
                : subscriptionEvents.lastEventId();
    }

    @Override
    public long lastSequence() {
        return Math.max(updates.lastSequence(), subscriptionEvents.lastSequence());
    }

    /** Updates and subscription events kept. */
    @Override
    public long size() {
        return updates.size() + subscriptionEvents.size();
    }
}
