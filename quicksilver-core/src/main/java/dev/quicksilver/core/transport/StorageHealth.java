package dev.quicksilver.core.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether updates can be stored: a failure makes the transport unhealthy until an update is stored
 * again. Failures are logged at most once per {@link #LOG_INTERVAL_NANOS}, with the count since the
 * last line: a full disk fails every publish, and its log must not be what fills the disk next.
 * Thread-safe; {@link #stored()} costs one volatile read while healthy.
 */
public final class StorageHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);
    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String store;
    private volatile Health health = Health.OK;
    /** Updates not stored since the last line logged. */
    private long unlogged;
    private long nextLog;

    /** @param store names the store in log lines and in the health problem, e.g. its file */
    public StorageHealth(String store) {
        this.store = store;
    }

    public Health health() {
        return health;
    }

    /** Some updates could not be stored, for this reason (a few words, no stack trace). */
    public synchronized void failed(int updates, String reason) {
        boolean wasHealthy = health.healthy();
        health = new Health(store + ": " + reason);
        unlogged += updates;
        long now = System.nanoTime();
        if (wasHealthy || now - nextLog >= 0) {
            LOG.error("{}: {} update{} not stored{}: {}; publishers get 503 until an update is stored again", store,
                    unlogged, unlogged == 1 ? "" : "s", wasHealthy ? "" : " since the last line", reason);
            unlogged = 0;
            nextLog = now + LOG_INTERVAL_NANOS;
        }
    }

    /** An update was stored: healthy again, if it was not. */
    public void stored() {
        if (health.healthy()) {
            return;
        }
        synchronized (this) {
            if (!health.healthy()) {
                LOG.warn("{}: updates are stored again{}", store,
                        unlogged == 0 ? "" : " (" + unlogged + " more were not, since the last line)");
                health = Health.OK;
                unlogged = 0;
            }
        }
    }
}
