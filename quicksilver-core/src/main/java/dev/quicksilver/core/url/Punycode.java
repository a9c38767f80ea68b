package dev.quicksilver.core.url;

import java.util.Arrays;

/**
 * RFC 3492 Punycode for one label. {@link java.net.IDN} does not expose it, and {@link Idna}
 * needs it for labels that IDNA2003 would map differently from UTS #46 (ß, ς), and to check
 * {@code xn--} labels the same way it writes them.
 */
final class Punycode {
    private static final int BASE = 36;
    private static final int T_MIN = 1;
    private static final int T_MAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Punycode() {}

    /** the Punycode form of label (without the "xn--" prefix), or null on overflow */
    static String encode(String label) {
        int[] input = label.codePoints().toArray();
        StringBuilder output = new StringBuilder();
        for (int c : input) {
            if (c < 0x80) {
                output.append((char) c);
            }
        }
        int basic = output.length();
        int handled = basic;
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int m = Integer.MAX_VALUE;
            for (int c : input) {
                if (c >= n && c < m) {
                    m = c;
                }
            }
            delta += (long) (m - n) * (handled + 1);
            if (delta > Integer.MAX_VALUE) {
                return null;
            }
            n = m;
            for (int c : input) {
                if (c < n) {
                    delta++;
                }
                if (c == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
                        if (q < t) {
                            break;
                        }
                        output.append(digit((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    output.append(digit((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    /** the label whose Punycode form (without "xn--") is input, or null when input is invalid */
    static String decode(String input) {
        int basicEnd = Math.max(0, input.lastIndexOf('-'));
        StringBuilder output = new StringBuilder();
        for (int j = 0; j < basicEnd; j++) {
            char c = input.charAt(j);
            if (c >= 0x80) {
                return null;
            }
            output.append(c);
        }
        int[] codePoints = output.codePoints().toArray();
        int length = codePoints.length;
        int[] out = Arrays.copyOf(codePoints, Math.max(16, input.length()));
        long n = INITIAL_N;
        long i = 0;
        int bias = INITIAL_BIAS;
        int in = basicEnd > 0 ? basicEnd + 1 : 0;
        while (in < input.length()) {
            long oldi = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= input.length()) {
                    return null;
                }
                int digit = digitValue(input.charAt(in++));
                if (digit < 0) {
                    return null;
                }
                i += digit * w;
                if (i > Integer.MAX_VALUE) {
                    return null;
                }
                int t = k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
                if (digit < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return null;
                }
            }
            bias = adapt(i - oldi, length + 1, oldi == 0);
            n += i / (length + 1);
            i %= length + 1;
            if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) {
                return null;
            }
            if (length == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            System.arraycopy(out, (int) i, out, (int) i + 1, length - (int) i);
            out[(int) i] = (int) n;
            length++;
            i++;
        }
        return new String(out, 0, length);
    }

    private static int digitValue(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }

    private static int adapt(long delta, int numPoints, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((BASE - T_MIN) * T_MAX) / 2) {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        return (int) (k + (BASE - T_MIN + 1) * delta / (delta + SKEW));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
