package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The newest events in memory, at most {@code capacity} of them and at most {@code maxBytes} of
 * heap by {@link #footprint}: lost on restart. A ring buffer plus an index from id to the sequence
 * of its first occurrence among the kept events. The oldest events are dropped first, so what is
 * kept is every event after some point; an event larger than the whole budget leaves nothing kept.
 * Thread-safe.
 */
public final class InMemoryHistory implements History {
    /** The default byte budget is this fraction of the heap the JVM may grow to ({@code -Xmx}). */
    public static final int DEFAULT_HEAP_DIVISOR = 4;
    /**
     * Per event, beside its bytes and characters: the event, update, list and string objects, the
     * slot and the index entry. An estimate; it keeps many tiny events from being counted as free.
     */
    static final int OVERHEAD = 256;

    /** Where an id first occurs among the kept events, and how many kept events carry it. */
    private static final class Copies {
        long first;
        int count;
    }

    private final Event[] ring;
    private final long maxBytes;
    private final Map<String, Copies> copiesById = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private int oldest; // the slot of the oldest kept event
    private int size;
    private long bytes;
    /** The sequence of the newest event dropped, 0 when none was. */
    private long droppedThrough;

    /** At most {@code capacity} events and {@link #defaultMaxBytes()} bytes. */
    public InMemoryHistory(int capacity) {
        this(capacity, defaultMaxBytes());
    }

    public InMemoryHistory(int capacity, long maxBytes) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        this.ring = new Event[capacity];
        this.maxBytes = maxBytes;
    }

    /**
     * A quarter of the largest heap this JVM may have: room for the history, with the rest left to
     * the requests in flight and the subscribers' buffers, so that a history full of large updates
     * cannot run the hub out of memory.
     */
    public static long defaultMaxBytes() {
        return Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_DIVISOR;
    }

    /**
     * What an event is counted for: its SSE bytes, its strings at two bytes a character (what they
     * take when they hold any character beyond Latin-1; fewer otherwise), and {@link #OVERHEAD}.
     */
    public static long footprint(Event event) {
        Update u = event.update();
        long chars = u.data().length() + (u.id() == null ? 0 : u.id().length())
                + (u.type() == null ? 0 : u.type().length());
        for (String topic : u.topics()) {
            chars += topic.length();
        }
        for (String target : u.targets()) {
            chars += target.length();
        }
        return event.sse().length + 2 * chars + OVERHEAD;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void append(Event event) {
        lock.writeLock().lock();
        try {
            if (ring.length == 0) {
                droppedThrough = event.sequence();
                return;
            }
            // The index first: its allocation is the one step that can fail (out of memory), and
            // nothing else has changed yet then.
            Copies copies = copiesById.get(event.id());
            if (copies == null) {
                copies = new Copies();
                try {
                    copiesById.put(event.id(), copies);
                } catch (OutOfMemoryError e) {
                    copiesById.remove(event.id()); // a failed resize leaves the entry in
                    throw e;
                }
            }
            if (copies.count++ == 0) {
                copies.first = event.sequence();
            }
            if (size == ring.length) {
                dropOldest();
            }
            ring[slot(size)] = event;
            size++;
            bytes += footprint(event);
            while (bytes > maxBytes) {
                dropOldest();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int slot(int index) {
        return (oldest + index) % ring.length;
    }

    /**
     * Drops the oldest event and its entry in the index. When it was the first of several copies of
     * its id, the id now starts at the next kept copy: dropping the id would make a client that
     * reconnects with it lose the events after the later copies (Mercure draft-08 "Reconnection,
     * State Reconciliation, and Event Sourcing": a reused id resolves to its earliest copy).
     */
    private void dropOldest() {
        Event dropped = ring[oldest];
        ring[oldest] = null;
        oldest = (oldest + 1) % ring.length;
        size--;
        bytes -= footprint(dropped);
        droppedThrough = dropped.sequence();
        Copies copies = copiesById.get(dropped.id());
        if (--copies.count == 0) {
            copiesById.remove(dropped.id());
        } else if (copies.first == dropped.sequence()) {
            for (int i = 0; i < size; i++) {
                Event e = ring[slot(i)];
                if (e.id().equals(dropped.id())) {
                    copies.first = e.sequence();
                    break;
                }
            }
        }
    }

    @Override
    public CompletionStage<Replay> after(String lastEventId) {
        return CompletableFuture.completedFuture(read(() -> {
            long after = 0;
            if (!Replay.EARLIEST.equals(lastEventId)) {
                Copies copies = copiesById.get(lastEventId);
                if (copies == null) {
                    return Replay.unknown();
                }
                after = copies.first;
            }
            return new Replay(true, after, eventsAfter(after));
        }));
    }

    @Override
    public CompletionStage<Replay> afterSequence(long sequence) {
        return CompletableFuture.completedFuture(read(() -> droppedThrough > sequence ? Replay.unknown()
                : new Replay(true, sequence, eventsAfter(sequence))));
    }

    /** The kept events with a sequence above this one, oldest first, whatever was dropped. */
    List<Event> eventsAfter(long sequence) {
        return read(() -> {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Event e = ring[slot(i)];
                if (e.sequence() > sequence) {
                    events.add(e);
                }
            }
            return events;
        });
    }

    @Override
    public long size() {
        return read(() -> (long) size);
    }

    /** The bytes the kept events are counted for, by {@link #footprint}. */
    public long bytes() {
        return read(() -> bytes);
    }

    @Override
    public String lastEventId() {
        return read(() -> size == 0 ? Replay.EARLIEST : ring[slot(size - 1)].id());
    }

    @Override
    public long lastSequence() {
        return read(() -> size == 0 ? 0L : ring[slot(size - 1)].sequence());
    }

    private <T> T read(Supplier<T> reading) {
        lock.readLock().lock();
        try {
            return reading.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
