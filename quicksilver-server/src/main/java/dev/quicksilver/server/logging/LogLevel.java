package dev.quicksilver.server.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/** The parser of the {@code log-level} setting. */
public final class LogLevel {
    private LogLevel() {}

    /** {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}, in any case. */
    public static Level parse(String value) {
        try {
            return Level.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a log level (error, warn, info, debug or trace)");
        }
    }
}
