package dev.quicksilver.sqlite;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread. It takes every publish waiting (up to {@link #MAX_BATCH}), numbers them in
 * the order taken, inserts them in one transaction and commits (one fsync for the lot under
 * {@link SyncPolicy#FULL}); then it hands the events to the live listener in sequence order, then
 * completes the publishers' stages. So a publisher is answered only once its update is durable,
 * and no subscriber sees an event that a crash could still lose. While one commit is under way the
 * next publishes queue up and go in the next: the busier the hub, the larger the batches.
 *
 * <p>Stages complete on this thread: whatever follows them must only hand work off.
 */
final class GroupCommit implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** Bounds a transaction, hence the wait of the first publisher in it. */
    static final int MAX_BATCH = 1_000;
    /** How often an idle writer wakes to apply retention by age. */
    private static final long IDLE_WAKE_MS = 1_000;

    /** A publish waiting for its commit: the update has its id and its SSE bytes already. */
    record Publish(Update update, byte[] sse, CompletableFuture<Event> done) {}

    /** Completes once everything queued before it is committed and retention has run. */
    record Barrier(CompletableFuture<Void> done) {}

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final EventWriter writer;
    private final Retention retention;
    private final SqliteHistory history;
    private final SqliteSettings settings;
    private volatile Consumer<Event> listener = e -> {};
    private long lastSequence;
    private long lastCreated;

    GroupCommit(EventWriter writer, Retention retention, SqliteHistory history, SqliteSettings settings,
            long lastSequence, long lastCreated) {
        this.writer = writer;
        this.retention = retention;
        this.history = history;
        this.settings = settings;
        this.lastSequence = lastSequence;
        this.lastCreated = lastCreated;
        history.stored(lastSequence - retention.floor());
    }

    void listen(Consumer<Event> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Queues work; the caller guarantees that nothing is queued after {@link #stop()}. */
    void enqueue(Object work) {
        queue.add(work);
    }

    void stop() {
        queue.add(STOP);
    }

    @Override
    public void run() {
        List<Object> taken = new ArrayList<>();
        List<Publish> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Object first = retention.behind() ? queue.poll() : queue.poll(IDLE_WAKE_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                    queue.drainTo(taken, MAX_BATCH - 1);
                }
            } catch (InterruptedException e) {
                // Not expected: close() asks with STOP. Finish what was queued all the same.
                queue.drainTo(taken);
                taken.add(STOP);
            }
            for (Object work : taken) {
                if (work instanceof Publish) {
                    batch.add((Publish) work);
                    continue;
                }
                commit(batch);
                if (work == STOP) {
                    stopping = true;
                } else {
                    retain(true);
                    ((Barrier) work).done().complete(null);
                }
            }
            commit(batch);
            taken.clear();
            if (!stopping) {
                retain(false);
            }
        }
        writer.close();
    }

    private void commit(List<Publish> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // Never earlier than the event before: retention by age scans in sequence order.
        long created = Math.max(lastCreated, settings.clock().millis());
        List<Event> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Publish p = batch.get(i);
            events.add(new Event(lastSequence + 1 + i, p.update(), p.sse()));
        }
        try {
            writer.insert(events, created);
        } catch (SQLException | RuntimeException e) {
            LOG.error("{}: {} updates not stored: {}", settings.file(), batch.size(),
                    e instanceof SQLException ? Connections.explain((SQLException) e) : e.toString());
            StoreException failure = new StoreException("the update could not be stored", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            batch.clear();
            return;
        }
        lastSequence += events.size();
        lastCreated = created;
        history.committed(events.get(events.size() - 1).id());
        history.stored(lastSequence - retention.floor());
        Consumer<Event> live = listener;
        for (Event event : events) {
            try {
                live.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("the live listener failed on event {}", event.id(), e);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            batch.get(i).done().complete(events.get(i));
        }
        batch.clear();
    }

    private void retain(boolean force) {
        try {
            retention.run(lastSequence, force);
            history.stored(lastSequence - retention.floor());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{}: retention failed, will retry: {}", settings.file(), e.getMessage());
        }
    }
}
