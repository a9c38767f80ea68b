package dev.quicksilver.sqlite;

import java.util.Locale;

/**
 * When a commit counts as durable, hence when a publisher is answered: SQLite's {@code synchronous}
 * setting in WAL mode.
 */
public enum SyncPolicy {
    /** Every commit is fsynced to the write-ahead log: an answered update survives a power loss. */
    FULL,
    /**
     * Commits reach the operating system but are fsynced only at checkpoints: an answered update
     * survives a crash (or {@code kill -9}) of the hub, not of the machine. Several times faster
     * on disks where an fsync is slow.
     */
    NORMAL;

    /** {@code full} or {@code normal}, any case. */
    public static SyncPolicy parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SyncPolicy p : values()) {
            if (p.label().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected full or normal, got \"" + value + "\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
