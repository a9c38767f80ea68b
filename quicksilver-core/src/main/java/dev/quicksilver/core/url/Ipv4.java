package dev.quicksilver.core.url;

import java.util.ArrayList;
import java.util.List;

/**
 * The URL Standard's IPv4 parser and serializer (§3.5, §3.6). Browsers accept the legacy inet_aton
 * forms, so {@code 0x7f.1}, {@code 017700000001} and {@code 2130706433} all mean 127.0.0.1.
 */
final class Ipv4 {
    private static final long FAILURE = -1;
    /** Any value above 2^32 fails every range check; saturating here keeps long arithmetic safe. */
    private static final long TOO_BIG = 1L << 40;

    private Ipv4() {}

    /** The "ends in a number checker": decides whether a domain is handed to the IPv4 parser. */
    static boolean endsInNumber(String input) {
        List<String> parts = split(input);
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseNumber(last) != FAILURE;
    }

    /** the address as an unsigned 32-bit value, or -1 on failure */
    static long parse(String input) {
        List<String> parts = split(input);
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            return FAILURE;
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = parseNumber(parts.get(i));
            if (numbers[i] == FAILURE) {
                return FAILURE;
            }
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return FAILURE;
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            return FAILURE;
        }
        long ipv4 = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            ipv4 += numbers[i] << (8 * (3 - i));
        }
        return ipv4;
    }

    static String serialize(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** The "IPv4 number parser": decimal, 0x-hex or 0-octal; an empty hex/octal body is 0. */
    private static long parseNumber(String input) {
        if (input.isEmpty()) {
            return FAILURE;
        }
        int radix = 10;
        String digits = input;
        if (input.length() >= 2 && (input.startsWith("0x") || input.startsWith("0X"))) {
            radix = 16;
            digits = input.substring(2);
        } else if (input.length() >= 2 && input.charAt(0) == '0') {
            radix = 8;
            digits = input.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0 || digits.charAt(i) > 'f') {
                return FAILURE;
            }
            value = Math.min(TOO_BIG, value * radix + d);
        }
        return value;
    }

    /** strict split on '.', keeping empty items */
    private static List<String> split(String input) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length(); i++) {
            if (i == input.length() || input.charAt(i) == '.') {
                parts.add(input.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }
}
