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
 * id to the sequence of its first occurrence among the kept events. Thread-safe.
 */
public final class InMemoryHistory implements History {
    /** Where an id first occurs among the kept events, and how many kept events carry it. */
    private static final class Copies {
        long first;
        int count;
    }

    private final Event[] ring;
    private final Map<String, Copies> copiesById = new HashMap<>();
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
                forget(evicted);
            }
            ring[head] = event;
            head = (head + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
            Copies copies = copiesById.computeIfAbsent(event.id(), id -> new Copies());
            if (copies.count++ == 0) {
                copies.first = event.sequence();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops the oldest event (at {@code head}, about to be overwritten) from the index. When it was
     * the first of several copies of its id, the id now starts at the next kept copy: dropping the
     * id would make a client that reconnects with it lose the events after the later copies
     * (Mercure draft-08 "Reconnection, State Reconciliation, and Event Sourcing": a reused id
     * resolves to its earliest copy).
     */
    private void forget(Event evicted) {
        Copies copies = copiesById.get(evicted.id());
        if (--copies.count == 0) {
            copiesById.remove(evicted.id());
        } else if (copies.first == evicted.sequence()) {
            for (int i = 1; i < size; i++) {
                Event e = ring[(head + i) % ring.length];
                if (e.id().equals(evicted.id())) {
                    copies.first = e.sequence();
                    break;
                }
            }
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
                Copies copies = copiesById.get(lastEventId);
                if (copies == null) {
                    return CompletableFuture.completedFuture(Replay.unknown());
                }
                after = copies.first;
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
    public long size() {
        lock.readLock().lock();
        try {
            return size;
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
