package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.concurrent.CompletionStage;

/**
 * The events a hub remembers, for clients that reconnect with {@code Last-Event-ID}.
 * Implementations are thread-safe; reads may complete on another thread and never block the
 * caller for I/O.
 */
public interface History {

    /** Adds an event. The transport calls this in sequence order, from one thread at a time. */
    void append(Event event);

    /**
     * The events after the one with this id, oldest first; {@link Replay#EARLIEST} asks for every
     * event kept. When several events share the id, the replay starts after the earliest of them.
     */
    CompletionStage<Replay> after(String lastEventId);

    /** The id of the newest event, or {@link Replay#EARLIEST} when there is none. */
    String lastEventId();

    /**
     * How many events are kept now, for metrics: cheap (no I/O, no scan), callable from any thread.
     * It may lag a little behind appends, and a durable history may still count events past its age
     * limit until it deletes them.
     */
    long size();
}
