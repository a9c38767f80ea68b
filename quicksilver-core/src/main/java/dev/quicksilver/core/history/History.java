package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.concurrent.CompletionStage;

/**
 * The events a hub remembers, for clients that reconnect with {@code Last-Event-ID}.
 * Implementations are thread-safe; reads may complete on another thread and never block the
 * caller for I/O. They keep the newest events within their limits (a count, bytes, an age) and
 * drop the oldest first, so what is kept is always every event after some point: a replay never
 * has a hole.
 */
public interface History {

    /** Adds an event. The transport calls this in sequence order, from one thread at a time. */
    void append(Event event);

    /**
     * The events after the one with this id, oldest first; {@link Replay#EARLIEST} asks for every
     * event kept. When several events share the id, the replay starts after the earliest of them.
     */
    CompletionStage<Replay> after(String lastEventId);

    /**
     * The events with a sequence above this one, oldest first; not found when an event above it is
     * no longer kept (the client would miss it). For a cursor kept elsewhere: see {@link HubHistory}.
     */
    CompletionStage<Replay> afterSequence(long sequence);

    /** The id of the newest event, or {@link Replay#EARLIEST} when there is none. */
    String lastEventId();

    /** The sequence of the newest event kept, 0 when there is none. Cheap, callable from any thread. */
    long lastSequence();

    /**
     * How many events are kept now, for metrics: cheap (no I/O, no scan), callable from any thread.
     * It may lag a little behind appends, and a durable history may still count events past its
     * limits until it deletes them.
     */
    long size();
}
