package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.HubHistory;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.transport.StorageHealth;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.sql.Connection;
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
 * the order taken, inserts the updates in one transaction and commits (one fsync for the lot under
 * {@link SyncPolicy#FULL}); then it hands the events to the live listener in sequence order, then
 * completes the publishers' stages. So a publisher is answered only once its update is durable,
 * and no subscriber sees an event that a crash could still lose. While one commit is under way the
 * next publishes queue up and go in the next: the busier the hub, the larger the batches.
 * Subscription events take their place in the sequence but go to the {@link HubHistory}'s own
 * budget in memory, not to the table.
 *
 * <p>When a write fails (a full disk, an I/O error) the batch's updates fail with a
 * {@link NotStoredException} (their publishers get 503), the store turns unhealthy, and the
 * connection is closed: SQLite may have rolled the transaction back by itself or left it open, and
 * the driver may have closed a statement, states a connection does not come back from. The next
 * batch opens a new connection and tries again; so does the idle writer every
 * {@link #PROBE_INTERVAL_NANOS}, with a write of its own, so that health comes back with the disk
 * even when no publish arrives (a balancer that stops sending to an unhealthy hub would wait
 * forever otherwise). The first write that succeeds makes the store healthy again.
 *
 * <p>Stages complete on this thread: whatever follows them must only hand work off.
 */
final class GroupCommit implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** Bounds a transaction, hence the wait of the first publisher in it. */
    static final int MAX_BATCH = 1_000;
    /** How often an idle writer wakes to apply retention by age, or to probe a failing store. */
    private static final long IDLE_WAKE_MS = 1_000;
    static final long PROBE_INTERVAL_NANOS = 5_000_000_000L;
    private static final long RETENTION_LOG_INTERVAL_NANOS = 60_000_000_000L;

    /** A publish waiting for its commit: the update has its id and its SSE bytes already. */
    record Publish(Update update, byte[] sse, boolean subscriptionEvent, CompletableFuture<Event> done) {}

    /** Completes once everything queued before it is committed and retention has run. */
    record Barrier(CompletableFuture<Void> done) {}

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final SqliteSettings settings;
    private final SqliteHistory updates;
    private final HubHistory history;
    private final Retention retention;
    private final StorageHealth health;
    /** The connection's writer; null after a failure, until the next write opens another. */
    private EventWriter writer;
    private volatile Consumer<Event> listener = e -> {};
    private long lastSequence;
    private long lastCreated = Long.MIN_VALUE;
    private Position newest = Position.NONE;
    private long nextProbe;
    private long nextRetentionLog;

    /** Takes over the writer's connection and loads where the store stands: no scan. */
    GroupCommit(EventWriter writer, SqliteHistory updates, HubHistory history, SqliteSettings settings)
            throws SQLException {
        this.writer = writer;
        this.updates = updates;
        this.history = history;
        this.settings = settings;
        this.health = new StorageHealth(settings.file().toString());
        this.nextProbe = System.nanoTime();
        this.nextRetentionLog = nextProbe;
        load(writer);
        EventWriter.Row beforeOldest = writer.beforeOldest();
        this.retention = new Retention(settings, updates, beforeOldest != null ? beforeOldest
                : new EventWriter.Row(lastSequence, newest));
        updates.stored(retention.stored(newest));
        history.published(lastSequence);
    }

    /**
     * Where the file stands: the sequence, the newest row and its time. Also after a reconnection,
     * as a commit that reported a failure may yet have reached the file: the file wins then.
     */
    private void load(EventWriter w) throws SQLException {
        lastSequence = Math.max(lastSequence, w.lastSequence());
        EventWriter.Newest row = w.newest();
        if (row != null) {
            newest = row.position();
            lastCreated = Math.max(lastCreated, row.created());
            updates.committed(row.id(), row.seq(), row.size());
        }
    }

    void listen(Consumer<Event> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    Health health() {
        return health.health();
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
            boolean idle = taken.isEmpty();
            taken.clear();
            if (!stopping) {
                retain(false);
                if (idle) {
                    probe();
                }
            }
        }
        reset();
    }

    private void commit(List<Publish> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // Never earlier than the event before: retention by age scans in sequence order.
        long created = Math.max(lastCreated, settings.clock().millis());
        List<Event> events = new ArrayList<>(batch.size());
        List<Event> toStore = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Publish p = batch.get(i);
            Event event = new Event(lastSequence + 1 + i, p.update(), p.sse());
            events.add(event);
            if (!p.subscriptionEvent()) {
                toStore.add(event);
            }
        }
        // The numbers are taken even if the store fails: the subscription events go out with theirs.
        lastSequence += batch.size();
        NotStoredException failure = toStore.isEmpty() ? null : store(toStore, created);
        for (int i = 0; i < events.size(); i++) {
            if (batch.get(i).subscriptionEvent()) {
                try {
                    history.appendSubscriptionEvent(events.get(i));
                } catch (OutOfMemoryError e) {
                    LOG.warn("subscription event {} not kept for replays: out of memory", events.get(i).id());
                }
            }
        }
        history.published(lastSequence);
        Consumer<Event> live = listener;
        for (int i = 0; i < events.size(); i++) {
            if (failure == null || batch.get(i).subscriptionEvent()) {
                Event event = events.get(i);
                try {
                    live.accept(event);
                } catch (RuntimeException | OutOfMemoryError e) {
                    LOG.warn("the live listener failed on event {}", event.id(), e);
                }
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Publish p = batch.get(i);
            if (failure == null || p.subscriptionEvent()) {
                p.done().complete(events.get(i));
            } else {
                p.done().completeExceptionally(failure);
            }
        }
        batch.clear();
    }

    /** Inserts the updates in one transaction; null once committed, else the failure to answer them with. */
    private NotStoredException store(List<Event> events, long created) {
        try {
            newest = writer().insert(events, created, newest);
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            reset();
            return notStored(events.size(), e);
        }
        lastCreated = created;
        Event last = events.get(events.size() - 1);
        updates.committed(last.id(), last.sequence(), last.sse().length);
        updates.stored(retention.stored(newest));
        health.stored();
        return null;
    }

    /** Records that these updates could not be stored (logged, health), and the failure to answer them with. */
    NotStoredException notStored(int count, Throwable e) {
        String reason = reason(e);
        health.failed(count, reason);
        return new NotStoredException("the update could not be stored: " + reason, e);
    }

    /** The writer, on a new connection if the last one failed. */
    private EventWriter writer() throws SQLException {
        if (writer == null) {
            Connection connection = Connections.writer(settings);
            try {
                writer = new EventWriter(connection);
                load(writer);
            } catch (SQLException | RuntimeException e) {
                if (writer != null) {
                    writer.close();
                    writer = null;
                } else {
                    connection.close();
                }
                throw e;
            }
        }
        return writer;
    }

    /** Closes the connection (rolling back whatever it had open); the next write opens another. */
    private void reset() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** While the store is unhealthy, at most every {@link #PROBE_INTERVAL_NANOS}: can it write again? */
    private void probe() {
        long now = System.nanoTime();
        if (health.health().healthy() || now - nextProbe < 0) {
            return;
        }
        nextProbe = now + PROBE_INTERVAL_NANOS;
        try {
            writer().probe();
            health.stored();
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            LOG.debug("{}: the store still cannot write: {}", settings.file(), reason(e));
            reset();
        }
    }

    private void retain(boolean force) {
        if (writer == null) {
            return; // failing: the next write reconnects, and retention follows it
        }
        try {
            retention.run(writer, newest, force);
            updates.stored(retention.stored(newest));
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            long now = System.nanoTime();
            if (now - nextRetentionLog >= 0) {
                nextRetentionLog = now + RETENTION_LOG_INTERVAL_NANOS;
                LOG.warn("{}: retention failed, will retry: {}", settings.file(), reason(e));
            }
            reset();
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof SQLException) {
            return Connections.explain((SQLException) e);
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + ")";
        }
        return e.toString();
    }
}
