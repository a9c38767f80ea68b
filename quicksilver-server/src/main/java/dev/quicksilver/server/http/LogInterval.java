package dev.quicksilver.server.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for a kind of event that many clients can cause at once (a
 * flood of broken connections, a heap too small for the publishes in flight): one line tells the
 * operator, a line each would fill the disk. Counts the events left out, for the next line to say.
 * Thread-safe: called from every event loop.
 */
final class LogInterval {
    private final long nanos;
    private final LongSupplier clock;
    /** When the last line was written ({@link System#nanoTime()}); unset before the first. */
    private final AtomicLong last = new AtomicLong();
    private volatile boolean started;
    private final AtomicLong skipped = new AtomicLong();

    LogInterval(long nanos) {
        this(nanos, System::nanoTime);
    }

    /** @param clock {@link System#nanoTime()}, or a test's */
    LogInterval(long nanos, LongSupplier clock) {
        this.nanos = nanos;
        this.clock = clock;
    }

    /**
     * One event: may it be logged now?
     *
     * @return -1 when not (it is counted), else how many were left out since the last line
     */
    long admit() {
        long now = clock.getAsLong();
        long previous = last.get();
        if (started && now - previous < nanos || !last.compareAndSet(previous, now)) {
            skipped.incrementAndGet();
            return -1;
        }
        started = true;
        return skipped.getAndSet(0);
    }
}
