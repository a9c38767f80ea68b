package dev.quicksilver.core.url;

import java.nio.charset.StandardCharsets;

/**
 * The URL Standard's host parser (§3.5), returning the host already serialized (§3.6): a
 * lowercase ASCII domain, a dotted-decimal IPv4 address, a bracketed compressed IPv6 address, or
 * an opaque host for non-special URLs. Returns null on failure.
 */
final class HostParser {
    private HostParser() {}

    static String parse(String input, boolean isOpaque) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]") || input.length() < 2) {
                return null;
            }
            int[] address = Ipv6.parse(input.substring(1, input.length() - 1));
            return address == null ? null : "[" + Ipv6.serialize(address) + "]";
        }
        if (isOpaque) {
            return opaqueHost(input);
        }
        // Special hosts are percent-decoded first: https://%65xample.com is example.com.
        String domain = new String(PercentEncoding.decode(input), StandardCharsets.UTF_8);
        String asciiDomain = Idna.toAscii(domain);
        if (asciiDomain == null) {
            return null;
        }
        if (Ipv4.endsInNumber(asciiDomain)) {
            long address = Ipv4.parse(asciiDomain);
            return address < 0 ? null : Ipv4.serialize(address);
        }
        return asciiDomain;
    }

    private static String opaqueHost(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (isForbiddenHostCodePoint(c)) {
                return null;
            }
        }
        return PercentEncoding.encode(input, EncodeSet.C0_CONTROL);
    }

    static boolean isForbiddenHostCodePoint(int c) {
        switch (c) {
            case 0x00:
            case '\t':
            case '\n':
            case '\r':
            case ' ':
            case '#':
            case '/':
            case ':':
            case '<':
            case '>':
            case '?':
            case '@':
            case '[':
            case '\\':
            case ']':
            case '^':
            case '|':
                return true;
            default:
                return false;
        }
    }

    static boolean isForbiddenDomainCodePoint(int c) {
        return isForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;
    }
}
