package dev.quicksilver.core.url;

/**
 * Converts Java strings to the standards' "scalar value strings" (Web IDL USVString): every lone
 * surrogate becomes U+FFFD. Both the URL and the URL Pattern standards are defined on scalar
 * values, and their test data relies on this conversion (a lone surrogate in a pattern ends up as
 * {@code %EF%BF%BD}), so every public entry point applies it first.
 */
public final class ScalarValues {
    private ScalarValues() {}

    /** s with lone surrogates replaced by U+FFFD; s itself (no copy) when it has none. */
    public static String of(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                return replace(s, i);
            }
            i++;
        }
        return s;
    }

    private static String replace(String s, int from) {
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, from);
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
