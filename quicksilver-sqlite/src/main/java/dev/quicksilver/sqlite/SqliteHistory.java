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
 * and each deletion.
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
    private volatile String lastEventId;
    /** The rows in the table, as the writer last counted them (no COUNT(*): sequences are contiguous). */
    private volatile long stored;

    SqliteHistory(SqliteSettings settings, String lastEventId) {
        this.settings = settings;
        this.lastEventId = lastEventId == null ? Replay.EARLIEST : lastEventId;
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
        try {
            return CompletableFuture.supplyAsync(() -> read(lastEventId), readers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the history is closed"));
        }
    }

    private Replay read(String lastEventId) {
        try {
            return reader().after(lastEventId, settings.maxEvents(), settings.cutoffMillis());
        } catch (SQLException e) {
            throw new StoreException(settings.file() + ": cannot read the history: " + Connections.explain(e), e);
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

    @Override
    public String lastEventId() {
        return settings.maxEvents() == 0 ? Replay.EARLIEST : lastEventId;
    }

    /** The events a replay from the earliest would return, but for those past the age limit not yet deleted. */
    @Override
    public long size() {
        return Math.min(settings.maxEvents(), stored);
    }

    /** Called by the writer after each commit and each deletion: how many rows the table holds. */
    void stored(long rows) {
        stored = rows;
    }

    /** Called by the writer once an event with this id is committed, before anyone hears of it. */
    void committed(String id) {
        lastEventId = id;
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
