package dev.quicksilver.server.logging;

import dev.quicksilver.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * One log event, and its two renderings. The JSON field names are stable (log pipelines index them):
 * {@code timestamp} (RFC 3339, UTC, milliseconds), {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code exception} (the stack trace, when there is one), then each MDC entry
 * under its own key, unless it would hide one of those.
 */
record LogLine(Instant time, Level level, String logger, String thread, String message, @Nullable Throwable thrown,
        Map<String, String> mdc) {
    static final Set<String> FIELDS = Set.of("timestamp", "level", "logger", "thread", "message", "exception");
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    /** As the hub always wrote its log: time, level, the logger's short name, the message; the stack trace after. */
    String text() {
        StringBuilder line = new StringBuilder(64 + message.length()).append(TEXT_TIME.format(time)).append(' ')
                .append(level).append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ")
                .append(message);
        mdc.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        if (thrown != null) {
            line.append(System.lineSeparator()).append(stackTrace(thrown).stripTrailing());
        }
        return line.toString();
    }

    /** One JSON object on one line. */
    String json() {
        StringBuilder out = new StringBuilder(128 + message.length()).append('{');
        field(out, "timestamp", JSON_TIME.format(time));
        field(out.append(','), "level", level.toString());
        field(out.append(','), "logger", logger);
        field(out.append(','), "thread", thread);
        field(out.append(','), "message", message);
        if (thrown != null) {
            field(out.append(','), "exception", stackTrace(thrown));
        }
        mdc.forEach((k, v) -> {
            if (!FIELDS.contains(k)) {
                field(out.append(','), k, v);
            }
        });
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        Json.write(out, name);
        Json.write(out.append(':'), value);
    }

    private static String stackTrace(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
