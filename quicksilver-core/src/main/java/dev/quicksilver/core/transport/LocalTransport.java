package dev.quicksilver.core.transport;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.HubHistory;
import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.SseEncoder;
import dev.quicksilver.core.update.Update;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The transport of a single hub process. One lock orders publishes: inside it the event gets its
 * sequence, enters the history and reaches the listener, so history and live feed agree on the
 * order. The listener must only hand events off (to event loops), never block.
 *
 * <p>A publish that cannot be stored (out of memory, even with the history's byte budget: many
 * large publishes at once) fails with a {@link NotStoredException} rather than escape as an error
 * that would leave the publisher unanswered.
 */
public final class LocalTransport implements Transport {
    private final HubHistory history;
    private final StorageHealth storage = new StorageHealth("history in memory");
    private final Object order = new Object();
    private volatile Consumer<Event> listener = e -> {};
    private long sequence;
    private volatile boolean closed;

    /** Updates kept in {@code updates}; subscription events by the defaults of {@link HubHistory}. */
    public LocalTransport(History updates) {
        this(updates, new InMemoryHistory(HubHistory.DEFAULT_SUBSCRIPTION_EVENTS,
                HubHistory.DEFAULT_SUBSCRIPTION_EVENT_BYTES));
    }

    public LocalTransport(History updates, InMemoryHistory subscriptionEvents) {
        this.history = new HubHistory(updates, subscriptionEvents);
    }

    @Override
    public CompletionStage<Event> publish(Update update) {
        return publish(update, false);
    }

    @Override
    public CompletionStage<Event> publishSubscriptionEvent(Update update) {
        return publish(update, true);
    }

    private CompletionStage<Event> publish(Update update, boolean subscriptionEvent) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
        }
        Update withId = update.id() != null ? update : update.withId(generateId());
        byte[] sse;
        try {
            sse = SseEncoder.encode(withId);
        } catch (OutOfMemoryError e) {
            return notStored(e);
        }
        synchronized (order) {
            Event event = new Event(++sequence, withId, sse);
            try {
                if (subscriptionEvent) {
                    history.appendSubscriptionEvent(event);
                } else {
                    history.append(event);
                }
            } catch (OutOfMemoryError e) {
                return notStored(e);
            }
            storage.stored();
            history.published(event.sequence());
            listener.accept(event);
            return CompletableFuture.completedFuture(event);
        }
    }

    private CompletionStage<Event> notStored(OutOfMemoryError e) {
        String reason = "out of memory (" + e.getMessage() + ")";
        storage.failed(1, reason);
        return CompletableFuture.failedFuture(new NotStoredException("the update could not be stored: " + reason, e));
    }

    /** A random {@code urn:uuid:} (version 4): ids reveal nothing about time or order. */
    public static String generateId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    @Override
    public void listen(Consumer<Event> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public Health health() {
        return storage.health();
    }

    @Override
    public void close() {
        closed = true;
    }
}
