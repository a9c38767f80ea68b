package dev.quicksilver.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parsers for setting values, accepting the forms the seed-era hub and the reference image used.
 * Each throws {@link IllegalArgumentException} with a message for the user; {@link Setting} pairs
 * every setting with one of them.
 */
final class Values {
    private Values() {}

    /** The text as given (keys, algorithm names: checked where they are used). */
    static String text(String v) {
        return v;
    }

    /** Empty means none (null); anything else is parsed. */
    static <T> Function<String, T> orNone(Function<String, T> parse) {
        return v -> v.isBlank() ? null : parse.apply(v);
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("expected true or false (or 1 or 0), got \"" + v + "\"");
        };
    }

    /** A non-negative integer, with an optional KiB/MiB/GiB (or k/m/g) suffix for sizes. */
    static int size(String v) {
        long n = bytes(v);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range: \"" + v + "\"");
        }
        return (int) n;
    }

    /** A byte count as {@link #size} reads it, or {@code auto} (0: the hub chooses). */
    static long bytesOrAuto(String v) {
        return v.trim().equalsIgnoreCase("auto") ? 0 : bytes(v);
    }

    private static long bytes(String v) {
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
            n = Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a whole number, got \"" + v + "\"");
        }
        if (n < 0) {
            throw new IllegalArgumentException("out of range: \"" + v + "\"");
        }
        return n;
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

    /** A {@link #size} of at least {@code min}. */
    static Function<String, Integer> sizeAtLeast(int min) {
        return v -> {
            int n = size(v);
            if (n < min) {
                throw new IllegalArgumentException("must be at least " + min);
            }
            return n;
        };
    }

    /** A {@link #duration} of more than zero. */
    static Duration positiveDuration(String v) {
        Duration d = duration(v);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be more than 0");
        }
        return d;
    }

    /** {@code auto}: the open-file limit less room for the hub's own files and for publishers. */
    static int maxConnections(String v) {
        if (!v.trim().equalsIgnoreCase("auto")) {
            return sizeAtLeast(1).apply(v);
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.max(64, Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount() - 256));
        }
        return 100_000;
    }

    /** A cookie name: an RFC 6265 token. */
    static String cookieName(String v) {
        if (!v.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
            throw new IllegalArgumentException("\"" + v + "\" is not a valid cookie name");
        }
        return v;
    }

    /** An absolute http(s) URL, kept as written. */
    static String httpUrl(String v) {
        try {
            URI uri = new URI(v);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("\"" + v + "\" is not an absolute http(s) URL");
            }
            return v;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a URL");
        }
    }

    /** A path, leading and trailing blanks removed. */
    static Path path(String v) {
        return Path.of(v.strip());
    }

    /** A file the hub can read now (its content is read when the hub starts). */
    static Path readableFile(String v) {
        Path path = path(v);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("\"" + v + "\" is not a readable file");
        }
        return path;
    }
}
