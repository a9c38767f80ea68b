package dev.quicksilver.core.transport;

import dev.quicksilver.core.history.History;
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
 */
public final class LocalTransport implements Transport {
    private final History history;
    private final Object order = new Object();
    private volatile Consumer<Event> listener = e -> {};
    private long sequence;
    private volatile boolean closed;

    public LocalTransport(History history) {
        this.history = history;
    }

    @Override
    public CompletionStage<Event> publish(Update update) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
        }
        Update withId = update.id() != null ? update : update.withId(generateId());
        byte[] sse = SseEncoder.encode(withId);
        synchronized (order) {
            Event event = new Event(++sequence, withId, sse);
            history.append(event);
            listener.accept(event);
            return CompletableFuture.completedFuture(event);
        }
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
    public void close() {
        closed = true;
    }
}
