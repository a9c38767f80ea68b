package dev.quicksilver.core.url;

import java.net.IDN;
import java.util.Locale;

/**
 * "domain to ASCII" with beStrict false (URL Standard §3.3), on top of {@link java.net.IDN}.
 *
 * <p>The standard asks for UTS #46 non-transitional processing; the JDK implements IDNA2003
 * (RFC 3490, Unicode 3.2 nameprep). They agree on the common cases (ASCII case folding,
 * {@code café.com → xn--caf-dma.com}, emoji with unassigned-in-3.2 code points allowed), and this
 * class closes the known gaps it can:
 * <ul>
 *   <li>ASCII input without {@code xn--} labels is only lowercased, as UTS #46 specifies, so ASCII
 *       hosts never go through the JDK at all (no 63-octet label limit, no STD3 rules);
 *   <li>ß and ς are kept, not mapped to "ss"/"σ" (non-transitional processing);
 *   <li>ZWJ/ZWNJ are refused instead of silently dropped (CheckJoiners, minus the virama context
 *       the JDK gives no way to test);
 *   <li>{@code xn--} labels must decode.
 * </ul>
 * Remaining differences (Unicode version of the mapping tables, length limits on non-ASCII labels)
 * only affect exotic hosts.
 */
final class Idna {
    private Idna() {}

    /** the ASCII form of domain, or null on failure (including forbidden domain code points) */
    static String toAscii(String domain) {
        String result = isAscii(domain) && !hasPunycodeLabel(domain)
                ? domain.toLowerCase(Locale.ROOT)
                : uts46(domain);
        if (result == null || result.isEmpty()) {
            return null;
        }
        for (int i = 0; i < result.length(); i++) {
            if (HostParser.isForbiddenDomainCodePoint(result.charAt(i))) {
                return null;
            }
        }
        return result;
    }

    private static String uts46(String domain) {
        StringBuilder out = new StringBuilder(domain.length() + 16);
        int start = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || isLabelSeparator(domain.charAt(i))) {
                String label = label(domain.substring(start, i));
                if (label == null) {
                    return null;
                }
                out.append(label);
                if (i < domain.length()) {
                    out.append('.');
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    private static String label(String label) {
        try {
            if (isAscii(label)) {
                String lower = label.toLowerCase(Locale.ROOT);
                return lower.startsWith("xn--") && !isValidPunycodeLabel(lower) ? null : lower;
            }
            if (label.indexOf('\u200C') >= 0 || label.indexOf('\u200D') >= 0) {
                return null;
            }
            if (hasDeviation(label)) {
                return deviationLabel(label);
            }
            return IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            // IllegalArgumentException is the documented failure; the URL parser must not throw
            // on any input, so anything else the JDK might throw on exotic input is failure too.
            return null;
        }
    }

    /**
     * An {@code xn--} label must decode to a non-ASCII label that converts back to itself: what
     * UTS #46 checks, with this class's own mapping (so hosts it writes always reparse).
     */
    private static boolean isValidPunycodeLabel(String lower) {
        String decoded = Punycode.decode(lower.substring(4));
        if (decoded == null || isAscii(decoded)) {
            return false;
        }
        return lower.equals(label(decoded));
    }

    /** Maps the text around ß/ς with nameprep, keeps them, and Punycode-encodes the whole label. */
    private static String deviationLabel(String label) {
        StringBuilder mapped = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= label.length(); i++) {
            if (i == label.length() || isDeviation(label.charAt(i))) {
                String piece = label.substring(start, i);
                if (!piece.isEmpty()) {
                    mapped.append(IDN.toUnicode(IDN.toASCII(piece, IDN.ALLOW_UNASSIGNED), IDN.ALLOW_UNASSIGNED)
                            .toLowerCase(Locale.ROOT));
                }
                if (i < label.length()) {
                    mapped.append(label.charAt(i) == '\u03C2' ? '\u03C2' : '\u00DF');
                }
                start = i + 1;
            }
        }
        String encoded = Punycode.encode(mapped.toString());
        if (encoded == null) {
            return null;
        }
        return "xn--" + encoded;
    }

    private static boolean hasDeviation(String label) {
        for (int i = 0; i < label.length(); i++) {
            if (isDeviation(label.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** ß, capital ẞ (which UTS #46 maps to ß) and final sigma */
    private static boolean isDeviation(char c) {
        return c == '\u00DF' || c == '\u1E9E' || c == '\u03C2';
    }

    /** the full stops UTS #46 maps to '.' */
    private static boolean isLabelSeparator(char c) {
        return c == '.' || c == '\u3002' || c == '\uFF0E' || c == '\uFF61';
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasPunycodeLabel(String domain) {
        int start = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || domain.charAt(i) == '.') {
                if (domain.regionMatches(true, start, "xn--", 0, 4) && i - start >= 4) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
