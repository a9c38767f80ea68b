package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.HubHistory;
import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.SseEncoder;
import dev.quicksilver.core.update.Update;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The transport of a single hub process with a durable history in one SQLite file (WAL mode).
 *
 * <p>Design: the store, not a lock in memory, orders publishes. {@link #publish} gives the update
 * its id and its SSE bytes on the caller's thread, then queues it for the one writer thread
 * ({@link GroupCommit}), which numbers, inserts and commits everything waiting in one transaction,
 * then hands the events to the live listener in sequence order, then answers the publishers. A
 * publish is therefore answered once it is durable by the {@link SyncPolicy}, and the listener only
 * ever sees committed events, in order, with no gap. The sequence is the table's primary key,
 * continued across restarts. Replays are read by {@link SqliteHistory} on its own connections and
 * threads; retention by count, bytes and age is applied by the writer between batches
 * ({@link Retention}). Subscription events are numbered by the writer too, but kept in memory in a
 * budget of their own ({@link HubHistory}): they never push updates out of the table.
 *
 * <p>Thread-safe. The listener and the stages returned by {@link #publish} run on the writer
 * thread: they must hand work off, never block.
 */
public final class SqliteTransport implements Transport {
    private final SqliteSettings settings;
    private final StoreLock lock;
    private final SqliteHistory updates;
    private final HubHistory history;
    private final GroupCommit writer;
    private final Thread thread;
    private final Object admission = new Object();
    private boolean closed;

    private SqliteTransport(SqliteSettings settings, StoreLock lock, SqliteHistory updates, HubHistory history,
            GroupCommit writer) {
        this.settings = settings;
        this.lock = lock;
        this.updates = updates;
        this.history = history;
        this.writer = writer;
        this.thread = new Thread(writer, "quicksilver-history-writer");
        // A hub that is never closed must not keep the JVM alive; Main closes it on shutdown.
        thread.setDaemon(true);
        thread.start();
    }

    /** {@link #open(SqliteSettings, InMemoryHistory)} with the default budget for subscription events. */
    public static SqliteTransport open(SqliteSettings settings) {
        return open(settings, new InMemoryHistory(HubHistory.DEFAULT_SUBSCRIPTION_EVENTS,
                HubHistory.DEFAULT_SUBSCRIPTION_EVENT_BYTES));
    }

    /**
     * Opens (creating if needed) the store, brings its schema up to date and loads where the
     * sequence stands. Fast however many events are stored: nothing is scanned.
     *
     * @param subscriptionEvents where subscription events are kept, apart from the updates
     * @throws StoreException when the file cannot be used, with a message for the operator
     */
    public static SqliteTransport open(SqliteSettings settings, InMemoryHistory subscriptionEvents) {
        if (!Files.isDirectory(settings.file().toAbsolutePath().getParent())) {
            throw new StoreException(settings.file() + ": the directory " + settings.file().toAbsolutePath().getParent()
                    + " does not exist (or is not a directory)");
        }
        StoreLock lock = StoreLock.acquire(settings.file());
        Connection connection = null;
        try {
            connection = Connections.writer(settings);
            Schema.migrate(connection, settings.file().toString());
            SqliteHistory updates = new SqliteHistory(settings);
            HubHistory history = new HubHistory(updates, subscriptionEvents);
            GroupCommit writer = new GroupCommit(new EventWriter(connection), updates, history, settings);
            return new SqliteTransport(settings, lock, updates, history, writer);
        } catch (SQLException e) {
            closeQuietly(connection);
            lock.close();
            throw new StoreException(settings.file() + ": " + Connections.explain(e), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            lock.close();
            throw e;
        }
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
        Update withId = update.id() != null ? update : update.withId(LocalTransport.generateId());
        CompletableFuture<Event> done = new CompletableFuture<>();
        GroupCommit.Publish work;
        try {
            work = new GroupCommit.Publish(withId, SseEncoder.encode(withId), subscriptionEvent, done);
        } catch (OutOfMemoryError e) {
            return CompletableFuture.failedFuture(writer.notStored(1, e));
        }
        // Admission and close are ordered by this lock, so nothing is queued behind the writer's stop.
        synchronized (admission) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
            }
            writer.enqueue(work);
        }
        return done;
    }

    /** Completes once every publish made before is committed and retention has caught up. */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (admission) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed"));
            }
            writer.enqueue(new GroupCommit.Barrier(done));
        }
        return done;
    }

    @Override
    public void listen(Consumer<Event> listener) {
        writer.listen(listener);
    }

    @Override
    public History history() {
        return history;
    }

    /** Unhealthy from a failed write until a write succeeds again (a publish, or the writer's own probe). */
    @Override
    public Health health() {
        return writer.health();
    }

    public SqliteSettings settings() {
        return settings;
    }

    /** Commits what was published before, stops the writer and the readers, and releases the file. */
    @Override
    public void close() {
        synchronized (admission) {
            if (closed) {
                return;
            }
            closed = true;
            writer.stop();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        updates.close();
        lock.close();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already failing
            }
        }
    }
}
