package dev.quicksilver.server.logging;

import java.io.PrintStream;
import org.slf4j.event.Level;

/**
 * The hub's log output, set once the configuration is read ({@code log-format}, {@code log-level})
 * and read by every logger at each event, so that loggers created before (static fields) follow
 * it. Until then: text, info. Netty's own loggers never go below warn: their debug lines are about
 * Netty, not the hub. Lines go to standard error, one write each, so lines from several threads
 * never interleave.
 */
public final class HubLog {
    private static volatile LogFormat format = LogFormat.TEXT;
    private static volatile Level level = Level.INFO;
    private static volatile PrintStream out = System.err;

    private HubLog() {}

    public static void configure(LogFormat format, Level level) {
        HubLog.format = format;
        HubLog.level = level;
    }

    public static LogFormat format() {
        return format;
    }

    public static Level level() {
        return level;
    }

    /** Where lines go: standard error unless an embedding program (or a test) wants them elsewhere. */
    public static void output(PrintStream stream) {
        out = stream;
    }

    static boolean enabled(String logger, Level event) {
        Level threshold = level;
        if (logger.startsWith("io.netty") && threshold.toInt() < Level.WARN.toInt()) {
            threshold = Level.WARN;
        }
        return event.toInt() >= threshold.toInt();
    }

    static void write(LogLine line) {
        String text = format == LogFormat.JSON ? line.json() : line.text();
        PrintStream stream = out;
        stream.println(text);
        stream.flush();
    }
}
