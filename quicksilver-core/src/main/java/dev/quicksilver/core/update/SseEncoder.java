package dev.quicksilver.core.update;

import java.nio.charset.StandardCharsets;

/**
 * Writes an update in the Server-Sent Events wire format, fields in the order the reference hub
 * uses: {@code event}, {@code retry}, {@code id}, then one {@code data} line per line of data
 * (split on CRLF, CR or LF), then a blank line. Id and type are validated on input; they are
 * sanitized here again so that no value can ever add an SSE field.
 */
public final class SseEncoder {
    private SseEncoder() {}

    public static byte[] encode(Update update) {
        StringBuilder out = new StringBuilder(update.data().length() + 64);
        if (update.type() != null && !update.type().isEmpty()) {
            field(out, "event", singleLine(update.type()));
        }
        if (update.retry() > 0) {
            field(out, "retry", Long.toString(update.retry()));
        }
        field(out, "id", update.id() == null ? "" : singleLine(update.id()));
        String data = update.data();
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                field(out, "data", data.substring(start, i));
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        field(out, "data", data.substring(start));
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append('\n');
    }

    private static String singleLine(String value) {
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
