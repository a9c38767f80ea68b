package dev.quicksilver.core.form;

import dev.quicksilver.core.HubException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code application/x-www-form-urlencoded} bytes by the WHATWG URL standard (the rules of
 * {@code URLSearchParams}): pairs split on {@code &}, the first {@code =} splits name and value, a
 * name without {@code =} has an empty value, {@code +} is a space, and a {@code %} not followed by
 * two hex digits stays as it is. One deliberate difference: the standard replaces invalid UTF-8
 * with U+FFFD, which would silently alter topics and ids, so invalid UTF-8 is refused with a 400.
 */
public final class FormParser {
    /**
     * More fields than the parser accepts: a 400 where it is read, but a publish turns it into the
     * 413 that 1.0 requires for a body over any of its limits (fields, topics, bytes).
     */
    public static final class TooManyFieldsException extends HubException {
        private static final long serialVersionUID = 1L;

        TooManyFieldsException(String message) {
            super(400, message);
        }
    }

    private final int maxFields;

    /** @param maxFields the most pairs accepted; more is a 400 that says so */
    public FormParser(int maxFields) {
        this.maxFields = maxFields;
    }

    public FormData parse(byte[] input) {
        return parse(input, 0, input.length);
    }

    /** Parses a query string as sent on the request line (its characters are the raw bytes). */
    public FormData parseQuery(String rawQuery) {
        return parse(rawQuery.getBytes(StandardCharsets.ISO_8859_1));
    }

    public FormData parse(byte[] input, int from, int to) {
        List<FormData.Field> fields = new ArrayList<>();
        byte[] scratch = new byte[Math.max(0, to - from)];
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = from;
        while (start <= to) {
            int end = indexOf(input, (byte) '&', start, to);
            if (end > start) {
                if (fields.size() == maxFields) {
                    throw new TooManyFieldsException("Too many form fields (the limit is " + maxFields + ").");
                }
                int eq = indexOf(input, (byte) '=', start, end);
                String name = decode(input, start, eq, scratch, decoder);
                String value = eq < end ? decode(input, eq + 1, end, scratch, decoder) : "";
                fields.add(new FormData.Field(name, value));
            }
            start = end + 1;
        }
        return new FormData(fields);
    }

    private static int indexOf(byte[] input, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static String decode(byte[] input, int from, int to, byte[] scratch, CharsetDecoder decoder) {
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = input[i];
            if (b == '+') {
                scratch[n++] = ' ';
            } else if (b == '%' && i + 2 < to && hex(input[i + 1]) >= 0 && hex(input[i + 2]) >= 0) {
                scratch[n++] = (byte) (hex(input[i + 1]) << 4 | hex(input[i + 2]));
                i += 2;
            } else {
                scratch[n++] = b;
            }
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(scratch, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw HubException.badRequest("A form field is not valid UTF-8.");
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
