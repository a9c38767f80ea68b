package dev.quicksilver.sqlite;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Deletes what the history no longer keeps, on the writer thread, in batches: by count once
 * {@code slack} events have gone past the limit, by bytes once {@code byteSlack} bytes have, by
 * age at most every {@code ageInterval}. A large backlog (a lowered limit, a long stop) is deleted
 * {@link #CHUNK} rows per transaction, between publishes, so that no publish waits for all of it.
 *
 * <p>Readers never depend on it: they skip rows past the limits by themselves ({@link Keep}), so
 * deleting late costs disk space, never a wrong replay.
 */
final class Retention {
    static final int CHUNK = 10_000;
    /** The byte slack is a tenth of the limit, but no more than this. */
    static final long MAX_BYTE_SLACK = 16L << 20;

    private final SqliteSettings settings;
    private final SqliteHistory history;
    private final int slack;
    private final long byteSlack;
    private final long ageIntervalMillis;
    /** The last row deleted (or, at start-up, the place just before the oldest row). */
    private EventWriter.Row floor;
    private long nextAgeCheck = Long.MIN_VALUE;
    private boolean behind;

    Retention(SqliteSettings settings, SqliteHistory history, EventWriter.Row floor) {
        this.settings = settings;
        this.history = history;
        this.floor = floor;
        this.slack = Math.max(1, Math.min(settings.maxEvents() / 10, 1_000));
        this.byteSlack = Math.max(1, Math.min(settings.maxBytes() / 10, MAX_BYTE_SLACK));
        Duration age = settings.maxAge();
        this.ageIntervalMillis = Math.max(1_000, Math.min(age.toMillis() / 10, 60_000));
        history.deleting(floor.seq());
    }

    /** Every row with a sequence at most {@code floor().seq()} is deleted; the rows above are stored. */
    EventWriter.Row floor() {
        return floor;
    }

    /** Rows in the table: the newest row's ordinal less the floor's. */
    long stored(Position newest) {
        return newest.ordinal() - floor.position().ordinal();
    }

    /** True while a backlog remains: the writer then comes back at once instead of waiting for work. */
    boolean behind() {
        return behind;
    }

    /**
     * Deletes at most one chunk, if the limits call for it.
     *
     * @param newest the newest committed row's position
     * @param force check the age now, whatever the interval, and delete any excess, however small
     */
    void run(EventWriter writer, Position newest, boolean force) throws SQLException {
        long excessEvents = newest.ordinal() - settings.maxEvents() - floor.position().ordinal();
        long excessBytes = newest.total() - settings.maxBytes() - floor.position().total();
        boolean over = excessEvents > 0 || excessBytes > 0;
        boolean due = excessEvents >= slack || excessBytes >= byteSlack || ((force || behind) && over);
        long cutoff = Long.MIN_VALUE;
        if (!settings.maxAge().isZero()) {
            long now = settings.clock().millis();
            if (force || behind || now >= nextAgeCheck) {
                nextAgeCheck = now + ageIntervalMillis;
                cutoff = now - settings.maxAge().toMillis();
                due = true;
            }
        }
        if (!due) {
            behind = false;
            return;
        }
        EventWriter.Dropped dropped = writer.dropped(floor.seq(), Keep.of(settings, newest, cutoff), CHUNK);
        if (dropped.through() == null) {
            behind = false;
            return;
        }
        // Told before the rows go: a reader that no longer sees them must know they were dropped.
        history.deleting(dropped.through().seq());
        writer.deleteThrough(dropped.through().seq());
        floor = dropped.through();
        behind = dropped.more();
    }
}
