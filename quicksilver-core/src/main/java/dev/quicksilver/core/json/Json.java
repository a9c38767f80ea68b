package dev.quicksilver.core.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON from plain Java values: String, Number, Boolean, null, Map (string keys, insertion
 * order kept) and Collection, which is what token claims parse into. Enough for the hub's own
 * documents without a JSON library.
 */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(out, value, 0, null);
        return out.toString();
    }

    /** Appends the value's JSON to {@code out}: for documents written a piece at a time. */
    public static void write(StringBuilder out, Object value) {
        write(out, value, 0, null);
    }

    /**
     * Appends the start of an object whose last member is an array written element by element:
     * {@code {"a":1,"items":[}. The caller then appends the elements, separated by commas, and
     * {@code ]}}, so that a long array never has to be held whole.
     *
     * @param members the members before the array, in order
     */
    public static void openArrayMember(StringBuilder out, Map<String, ?> members, String arrayName) {
        out.append('{');
        for (Map.Entry<String, ?> e : members.entrySet()) {
            string(out, e.getKey());
            out.append(':');
            write(out, e.getValue(), 1, null);
            out.append(',');
        }
        string(out, arrayName);
        out.append(":[");
    }

    /** Indented by two spaces per level, one member per line, as the reference hub's 1.0 events are. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, 0, "  ");
        return out.toString();
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private static void write(StringBuilder out, Object value, int depth, String indent) {
        if (depth > 64) {
            throw new IllegalArgumentException("JSON nested too deeply");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            out.append(Double.isFinite(d) ? n.toString() : "null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, indent, depth + 1);
                string(out, String.valueOf(e.getKey()));
                out.append(indent == null ? ":" : ": ");
                write(out, e.getValue(), depth + 1, indent);
            }
            if (!map.isEmpty()) {
                newline(out, indent, depth);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, indent, depth + 1);
                write(out, o, depth + 1, indent);
            }
            if (!list.isEmpty()) {
                newline(out, indent, depth);
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028 and U+2029 are escaped so the JSON is also valid JavaScript.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
