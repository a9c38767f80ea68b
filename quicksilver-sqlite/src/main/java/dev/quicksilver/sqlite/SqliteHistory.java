package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.Replay;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read side of the durable history. Replays run on a small pool of reader threads, each with
 * its own connection (an SQLite connection serves one thread at a time), never on the caller's
 * thread: an event loop that asks for a replay gets a stage that completes on a reader thread.
 * {@link #lastEventId()} and {@link #size()} are cached fields, set by the writer after each commit
 * and each deletion. It holds updates only: subscription events are kept apart, in memory
 * ({@link dev.quicksilver.core.history.HubHistory}).
 *
 * <p>Events are written by {@link SqliteTransport}'s writer thread in batches, not through
 * {@link #append}: the store gives the sequence numbers, so a transport that numbers events itself
 * cannot share it.
 */
public final class SqliteHistory implements History {
    private final SqliteSettings settings;
    private final ExecutorService readers;
    private final List<EventReader> open = new ArrayList<>();
    private final ThreadLocal<EventReader> reader = new ThreadLocal<>();
    /** The newest committed update: its id, sequence and SSE bytes. */
    private volatile Newest newest;
    /** The rows in the table, as the writer last counted them (no COUNT(*): ordinals have no gaps). */
    private volatile long stored;
    /** The last row deleted, or being deleted: a reader that misses rows knows they are at or below it. */
    private volatile long deletedThrough;

    private record Newest(String id, long sequence, long size) {}

    SqliteHistory(SqliteSettings settings) {
        this.settings = settings;
        this.newest = new Newest(Replay.EARLIEST, 0, 0);
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(settings.readers(), task -> {
            Thread t = new Thread(task, "quicksilver-history-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Not supported: {@link SqliteTransport} stores events itself, in batches. */
    @Override
    public void append(dev.quicksilver.core.update.Event event) {
        throw new UnsupportedOperationException("the SQLite history is written by SqliteTransport, in batches");
    }

    @Override
    public CompletionStage<Replay> after(String lastEventId) {
        return read(r -> r.after(lastEventId, settings));
    }

    @Override
    public CompletionStage<Replay> afterSequence(long sequence) {
        return read(r -> r.afterSequence(sequence, settings, () -> deletedThrough));
    }

    private interface Read {
        Replay from(EventReader reader) throws SQLException;
    }

    private CompletionStage<Replay> read(Read read) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return read.from(reader());
                } catch (SQLException e) {
                    throw new StoreException(settings.file() + ": cannot read the history: " + Connections.explain(e), e);
                }
            }, readers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the history is closed"));
        }
    }

    private EventReader reader() throws SQLException {
        EventReader r = reader.get();
        if (r == null) {
            r = new EventReader(Connections.reader(settings));
            reader.set(r);
            synchronized (open) {
                open.add(r);
            }
        }
        return r;
    }

    /** The newest update, unless the limits keep none (no count, or it alone is over the bytes). */
    @Override
    public String lastEventId() {
        Newest n = newest;
        return kept(n) ? n.id() : Replay.EARLIEST;
    }

    @Override
    public long lastSequence() {
        Newest n = newest;
        return kept(n) ? n.sequence() : 0;
    }

    private boolean kept(Newest n) {
        return settings.maxEvents() > 0 && n.size() <= settings.maxBytes();
    }

    /** The events a replay from the earliest would return, but for those past the age or byte limit not yet deleted. */
    @Override
    public long size() {
        return Math.min(settings.maxEvents(), stored);
    }

    /** Called by the writer after each commit and each deletion: how many rows the table holds. */
    void stored(long rows) {
        stored = rows;
    }

    /** Called by the writer once this update is committed, before anyone hears of it. */
    void committed(String id, long sequence, long size) {
        newest = new Newest(id, sequence, size);
    }

    /** Called by the writer before it deletes every row up to this sequence. */
    void deleting(long sequence) {
        deletedThrough = sequence;
    }

    /** Waits for the replays under way, then closes the read connections. */
    void close() {
        readers.shutdown();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (open) {
            open.forEach(EventReader::close);
            open.clear();
        }
    }
}
