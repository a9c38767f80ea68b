package dev.quicksilver.server.config;

import java.util.Locale;

/** Where the hub keeps its history: the {@code history} setting. */
public enum HistoryStore {
    /** Durable, in an SQLite file in the data directory. */
    SQLITE,
    /** A ring in memory, lost on restart. */
    MEMORY;

    static HistoryStore parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (HistoryStore s : values()) {
            if (s.label().equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("expected sqlite or memory, got \"" + value + "\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
