package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the hub takes one more publish: not once shutdown has begun, and not past a cap of
 * publishes accepted and not yet answered (a slow history would otherwise let them pile up in
 * memory without bound). Both refusals are a 503 with {@code Retry-After}: the publisher may try
 * again, here or on another node. Shutdown waits until the admitted ones are answered.
 * Thread-safe: admitted on any event loop, released wherever the answer is written.
 */
public final class PublishAdmission {
    /** The default cap: far above what a healthy hub holds (a publish is answered in about a millisecond). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    public PublishAdmission(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Admits one publish, which must then be {@link #release released} exactly once, when answered.
     *
     * @throws HubException 503 while closing or at the cap
     */
    public void admit() {
        if (closing) {
            throw HubException.unavailable("The hub is shutting down.", 1);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            throw HubException.unavailable("The hub has too many publishes in progress.", 1);
        }
    }

    /** One admitted publish was answered (or failed). */
    public void release() {
        inFlight.decrementAndGet();
    }

    /** Publishes admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Refuses every publish from now on (shutdown). */
    public void close() {
        closing = true;
    }

    /** Waits until every admitted publish is answered, at most this long; true when none is left. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
