package dev.quicksilver.sqlite;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Deletes what the history no longer keeps, on the writer thread, in batches: by count once
 * {@code slack} events have gone past the limit, by age at most every {@code ageInterval}. A large
 * backlog (a lowered limit, a long stop) is deleted {@link #CHUNK} rows per transaction, between
 * publishes, so that no publish waits for all of it.
 *
 * <p>Readers never depend on it: they skip events past the limits by themselves, so deleting late
 * costs disk space, never a wrong replay.
 */
final class Retention {
    static final int CHUNK = 10_000;

    private final EventWriter writer;
    private final SqliteSettings settings;
    private final int slack;
    private final long ageIntervalMillis;
    /** Every event with a sequence at most this is deleted. */
    private long floor;
    private long nextAgeCheck = Long.MIN_VALUE;
    private boolean behind;

    Retention(EventWriter writer, SqliteSettings settings, long firstSequence) {
        this.writer = writer;
        this.settings = settings;
        this.slack = Math.max(1, Math.min(settings.maxEvents() / 10, 1_000));
        Duration age = settings.maxAge();
        this.ageIntervalMillis = Math.max(1_000, Math.min(age.toMillis() / 10, 60_000));
        this.floor = firstSequence - 1;
    }

    /** Every event with a sequence at most this is deleted; those above it are stored. */
    long floor() {
        return floor;
    }

    /** True while a backlog remains: the writer then comes back at once instead of waiting for work. */
    boolean behind() {
        return behind;
    }

    /**
     * Deletes at most one chunk, if the limits call for it.
     *
     * @param lastSequence the newest committed sequence
     * @param force check the age now, whatever the interval
     */
    void run(long lastSequence, boolean force) throws SQLException {
        long target = Math.max(floor, lastSequence - settings.maxEvents());
        if (!settings.maxAge().isZero()) {
            long now = settings.clock().millis();
            if (force || behind || now >= nextAgeCheck) {
                nextAgeCheck = now + ageIntervalMillis;
                long fresh = writer.firstFresh(floor, now - settings.maxAge().toMillis());
                target = Math.max(target, fresh < 0 ? lastSequence : fresh - 1);
            }
        }
        boolean due = target - floor >= slack || (force && target > floor) || (behind && target > floor);
        if (!due) {
            behind = false;
            return;
        }
        long through = Math.min(target, floor + CHUNK);
        writer.deleteThrough(through);
        floor = through;
        behind = through < target;
    }
}
