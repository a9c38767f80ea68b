package dev.quicksilver.core.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells whether a topic addresses the hub's own namespace, {@code /.well-known/mercure} and below,
 * where the hub publishes subscription events: a publisher must not be able to forge them.
 *
 * <p>The topic is resolved as a URL reference against the hub URL, with the WHATWG URL rules that
 * matter for the path (backslashes as slashes in special schemes, dot segments including their
 * percent-encoded forms, relative references merged with the hub path), and percent-encoded
 * unreserved characters are decoded before the comparison. So {@code /.well-known/me%72cure/x} and
 * {@code mercure/subscriptions/foo} (relative to {@code /.well-known/mercure}) are reserved, while
 * {@code urn:example:mercure} and {@code https://example.com/foo/.well-known/mercure/bar} are not.
 * The empty topic resolves to the hub URL itself and is reserved too.
 */
public final class ReservedNamespace {
    private static final String HUB_PATH = "/.well-known/mercure";
    private static final List<String> SPECIAL_SCHEMES = List.of("http", "https", "ws", "wss", "ftp", "file");

    private ReservedNamespace() {}

    public static boolean contains(String topic) {
        String path = resolvedPath(clean(topic));
        if (path == null) {
            return false;
        }
        path = decodeUnreserved(path);
        return path.equals(HUB_PATH) || path.startsWith(HUB_PATH + "/");
    }

    /** The WHATWG parser drops leading and trailing C0 controls and spaces, and every tab or newline. */
    private static String clean(String input) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= 0x20) {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = input.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @return the path of the resolved URL, or null when it has no hierarchical path */
    private static String resolvedPath(String input) {
        int colon = schemeEnd(input);
        if (colon < 0) {
            return relativePath(input, true);
        }
        String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = input.substring(colon + 1);
        boolean special = SPECIAL_SCHEMES.contains(scheme);
        if (special) {
            if (scheme.equals("https")) {
                // The base URL's own scheme: "https:foo" and "https:/foo" are relative references
                // (WHATWG "special relative or authority state"); only two slashes start an authority.
                return relativePath(rest, true);
            }
            if (scheme.equals("file")) {
                return filePath(rest);
            }
            return afterAuthority(stripLeadingSlashes(rest, true), true);
        }
        if (rest.startsWith("//")) {
            return afterAuthority(rest.substring(2), false);
        }
        if (rest.startsWith("/")) {
            return normalizePath(cutQueryAndFragment(rest), false);
        }
        return null; // an opaque path such as urn:example:mercure
    }

    /**
     * "file:" has no ignore-slashes rule: exactly two slashes introduce a host (empty in
     * "file:///x"), otherwise the rest, less one leading slash, is the path from the root.
     */
    private static String filePath(String rest) {
        if (rest.length() >= 2 && isSlash(rest.charAt(0), true) && isSlash(rest.charAt(1), true)) {
            return afterAuthority(rest.substring(2), true);
        }
        String path = rest.isEmpty() || !isSlash(rest.charAt(0), true) ? rest : rest.substring(1);
        return normalizePath("/" + cutQueryAndFragment(path), true);
    }

    private static String relativePath(String input, boolean special) {
        if (input.length() >= 2 && isSlash(input.charAt(0), special) && isSlash(input.charAt(1), special)) {
            return afterAuthority(stripLeadingSlashes(input, special), special);
        }
        String path = cutQueryAndFragment(input);
        if (path.isEmpty()) {
            return input.isEmpty() || input.charAt(0) == '?' || input.charAt(0) == '#' ? HUB_PATH : null;
        }
        if (isSlash(path.charAt(0), special)) {
            return normalizePath(path, special);
        }
        // Merge with the base path: everything up to its last slash.
        return normalizePath(HUB_PATH.substring(0, HUB_PATH.lastIndexOf('/') + 1) + path, special);
    }

    private static String afterAuthority(String input, boolean special) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (isSlash(c, special)) {
                return normalizePath(cutQueryAndFragment(input.substring(i)), special);
            }
            if (c == '?' || c == '#') {
                break;
            }
        }
        return "/";
    }

    private static String normalizePath(String path, boolean special) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || isSlash(path.charAt(i), special)) {
                String segment = path.substring(start, i);
                boolean last = i == path.length();
                if (isDoubleDot(segment)) {
                    if (!segments.isEmpty()) {
                        segments.remove(segments.size() - 1);
                    }
                    if (last) {
                        segments.add("");
                    }
                } else if (isSingleDot(segment)) {
                    if (last) {
                        segments.add("");
                    }
                } else {
                    segments.add(segment);
                }
                start = i + 1;
            }
        }
        return "/" + String.join("/", segments);
    }

    private static boolean isSingleDot(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("..") || l.equals(".%2e") || l.equals("%2e.") || l.equals("%2e%2e");
    }

    private static String cutQueryAndFragment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static String stripLeadingSlashes(String s, boolean special) {
        int i = 0;
        while (i < s.length() && isSlash(s.charAt(i), special)) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean isSlash(char c, boolean special) {
        return c == '/' || (special && c == '\\');
    }

    /** @return the index of the colon ending a URL scheme, or -1 when the input has no scheme */
    private static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiAlpha(s.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String decodeUnreserved(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && isUnreserved((char) (hi << 4 | lo))) {
                    out.append((char) (hi << 4 | lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
