package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The newest {@code capacity} events, in memory: lost on restart. A ring buffer plus an index from
 * id to the sequence of its first occurrence. Thread-safe.
 */
public final class InMemoryHistory implements History {
    private final Event[] ring;
    private final Map<String, Long> firstSequenceById = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private long size;
    private int head; // the slot the next event goes to

    public InMemoryHistory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0");
        }
        this.ring = new Event[capacity];
    }

    @Override
    public void append(Event event) {
        if (ring.length == 0) {
            return;
        }
        lock.writeLock().lock();
        try {
            Event evicted = ring[head];
            if (evicted != null) {
                firstSequenceById.remove(evicted.id(), evicted.sequence());
            }
            ring[head] = event;
            head = (head + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
            firstSequenceById.putIfAbsent(event.id(), event.sequence());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public CompletionStage<Replay> after(String lastEventId) {
        lock.readLock().lock();
        try {
            long after;
            if (Replay.EARLIEST.equals(lastEventId)) {
                after = Long.MIN_VALUE;
            } else {
                Long sequence = firstSequenceById.get(lastEventId);
                if (sequence == null) {
                    return CompletableFuture.completedFuture(Replay.unknown());
                }
                after = sequence;
            }
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Event e = ring[(int) ((head - size + i + ring.length) % ring.length)];
                if (e.sequence() > after) {
                    events.add(e);
                }
            }
            return CompletableFuture.completedFuture(new Replay(true, events));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String lastEventId() {
        lock.readLock().lock();
        try {
            return size == 0 ? Replay.EARLIEST : ring[(head - 1 + ring.length) % ring.length].id();
        } finally {
            lock.readLock().unlock();
        }
    }
}
