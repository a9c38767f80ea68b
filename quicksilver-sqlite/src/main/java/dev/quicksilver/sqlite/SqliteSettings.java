package dev.quicksilver.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the durable history is kept.
 *
 * @param file the SQLite database file; its directory must exist. {@code <file>-wal},
 *     {@code <file>-shm} and {@code <file>.lock} live beside it
 * @param sync when a commit counts as durable
 * @param maxEvents the most events kept (and replayed) for reconnecting clients; 0 keeps none
 * @param maxBytes the most bytes of events kept, counted as their SSE encoding (what a replay
 *     sends, about what their row takes); the file takes somewhat more (the id index, page slack)
 *     and the write-ahead log up to 64 MiB beside it
 * @param maxAge the oldest event kept, {@link Duration#ZERO} for no limit
 * @param readers threads (each with its own connection) that serve history reads
 * @param clock gives events their storage time, against which {@code maxAge} is measured
 */
public record SqliteSettings(Path file, SyncPolicy sync, int maxEvents, long maxBytes, Duration maxAge, int readers,
        Clock clock) {
    public static final int DEFAULT_MAX_EVENTS = 10_000;
    /** 1 GiB: 10,000 events of the largest default publish (1 MiB) would be 10 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final int DEFAULT_READERS = 2;

    public SqliteSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(clock, "clock");
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents < 0");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge < 0");
        }
        if (readers < 1) {
            throw new IllegalArgumentException("readers < 1");
        }
    }

    /** {@code file} with the defaults: fsync per commit, 10,000 events, 1 GiB, no age limit. */
    public static SqliteSettings of(Path file) {
        return new SqliteSettings(file, SyncPolicy.FULL, DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES, Duration.ZERO,
                DEFAULT_READERS, Clock.systemUTC());
    }

    public SqliteSettings withSync(SyncPolicy v) {
        return new SqliteSettings(file, v, maxEvents, maxBytes, maxAge, readers, clock);
    }

    public SqliteSettings withMaxEvents(int v) {
        return new SqliteSettings(file, sync, v, maxBytes, maxAge, readers, clock);
    }

    public SqliteSettings withMaxBytes(long v) {
        return new SqliteSettings(file, sync, maxEvents, v, maxAge, readers, clock);
    }

    public SqliteSettings withMaxAge(Duration v) {
        return new SqliteSettings(file, sync, maxEvents, maxBytes, v, readers, clock);
    }

    public SqliteSettings withClock(Clock v) {
        return new SqliteSettings(file, sync, maxEvents, maxBytes, maxAge, readers, v);
    }

    /** Events stored before this time (epoch milliseconds) are expired; {@link Long#MIN_VALUE} when there is no age limit. */
    long cutoffMillis() {
        return maxAge.isZero() ? Long.MIN_VALUE : clock.millis() - maxAge.toMillis();
    }
}
