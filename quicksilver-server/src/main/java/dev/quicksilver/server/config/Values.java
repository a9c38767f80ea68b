package dev.quicksilver.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsers for setting values, accepting the forms the seed-era hub and the reference image used. */
final class Values {
    private Values() {}

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("expected true or false (or 1 or 0), got \"" + v + "\"");
        };
    }

    /** A non-negative integer, with an optional KiB/MiB/GiB (or k/m/g) suffix for sizes. */
    static int size(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] s : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"},
                {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}}) {
            if (t.endsWith(s[0])) {
                unit = Long.parseLong(s[1]);
                t = t.substring(0, t.length() - s[0].length()).trim();
                break;
            }
        }
        long n;
        try {
            n = Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got \"" + v + "\"");
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range: \"" + v + "\"");
        }
        return (int) n;
    }

    /** Go duration syntax ({@code 15s}, {@code 1m30s}, {@code 500ms}), or a number of seconds. */
    static Duration duration(String v) {
        String t = v.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (!t.matches("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+")) {
            throw new IllegalArgumentException("expected a duration such as 15s, 1m30s or 500ms, got \"" + v + "\"");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(t);
        double nanos = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Items separated by spaces or commas, as the seed era (commas) and 0.8 (spaces) wrote them. */
    static List<String> list(String v) {
        List<String> items = new ArrayList<>();
        for (String item : v.split("[\\s,]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }
}
