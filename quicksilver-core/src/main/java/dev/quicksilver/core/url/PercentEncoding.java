package dev.quicksilver.core.url;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** UTF-8 percent-encoding and percent-decoding (URL Standard §1.3). */
final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    /** Appends codePoint, UTF-8 percent-encoded when it is in set, to out. */
    static void encode(int codePoint, EncodeSet set, StringBuilder out) {
        if (!set.contains(codePoint)) {
            out.append((char) codePoint);
            return;
        }
        if (codePoint < 0x80) {
            appendByte(codePoint, out);
            return;
        }
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            appendByte(b & 0xFF, out);
        }
    }

    /** s UTF-8 percent-encoded with set */
    static String encode(String s, EncodeSet set) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(cp -> encode(cp, set, out));
        return out.toString();
    }

    private static void appendByte(int b, StringBuilder out) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /** The bytes of s (UTF-8) with every valid %XX triplet decoded; invalid triplets stay. */
    static byte[] decode(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xFF;
            if (b == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
                out.write(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
