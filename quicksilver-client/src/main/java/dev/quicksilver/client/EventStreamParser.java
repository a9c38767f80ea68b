package dev.quicksilver.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Interprets a {@code text/event-stream} exactly as browsers do (WHATWG HTML "Server-sent events",
 * "Parsing an event stream" and "Interpreting an event stream"), fed the bytes as they arrive, in
 * chunks cut anywhere (inside a UTF-8 sequence, between CR and LF):
 * <ul>
 *   <li>UTF-8, invalid sequences decoded as U+FFFD; one U+FEFF at the very start ignored;</li>
 *   <li>lines end with CRLF, LF or CR;</li>
 *   <li>a line starting with {@code :} is a comment; a line without a colon is a field with an
 *   empty value; one space after the colon is dropped;</li>
 *   <li>{@code data} appends its value and LF; {@code event} sets the type; {@code id} sets the
 *   last event id unless the value contains NUL; {@code retry} sets the reconnection time only
 *   when it is ASCII digits; other fields are ignored;</li>
 *   <li>a blank line dispatches: the last event id is kept even without data, an event without
 *   data is not delivered, the final LF of the data is removed;</li>
 *   <li>an event still open when the stream ends is discarded ({@link #end}).</li>
 * </ul>
 * The last event id of a new connection starts from the previous one, as Chromium does, so an
 * event without an {@code id} after a reconnection keeps the id to resume from.
 *
 * <p>Not thread-safe: one stream, one reader.
 */
final class EventStreamParser {
    private final Consumer<Event> onEvent;
    private final LongConsumer onRetry;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    /** The last event id buffer: set by {@code id} fields, committed by a dispatch. */
    private String idBuffer;
    /** The last event id string: what the events carry and a reconnection sends. */
    private String lastEventId;
    private boolean started;
    private boolean afterCr;
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /**
     * @param lastEventId the last event id so far ("" for none)
     * @param onEvent receives each dispatched event
     * @param onRetry receives each valid {@code retry} value, in milliseconds
     */
    EventStreamParser(String lastEventId, Consumer<Event> onEvent, LongConsumer onRetry) {
        this.lastEventId = lastEventId;
        this.idBuffer = lastEventId;
        this.onEvent = onEvent;
        this.onRetry = onRetry;
    }

    /** The last event id as of the last dispatch (what a reconnection sends as {@code Last-Event-ID}). */
    String lastEventId() {
        return lastEventId;
    }

    /** The next bytes of the stream. */
    void feed(ByteBuffer bytes) {
        ByteBuffer in = pending.hasRemaining() ? concat(pending, bytes) : bytes;
        CharBuffer out = CharBuffer.allocate(Math.max(16, in.remaining() + 1));
        decoder.decode(in, out, false);
        // an incomplete UTF-8 sequence at the end waits for the next chunk
        pending = ByteBuffer.allocate(in.remaining()).put(in).flip();
        out.flip();
        feed(out);
    }

    /** The next characters of the stream (already decoded). */
    void feed(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF: the line already ended at the CR
                }
            }
            if (c == '\r') {
                afterCr = true;
                endOfLine();
            } else if (c == '\n') {
                endOfLine();
            } else {
                line.append(c);
            }
        }
    }

    /**
     * The stream ended: bytes of an incomplete UTF-8 sequence become U+FFFD, and what was not
     * ended by a blank line is discarded, as the standard says (so a cut connection never
     * delivers half an event). The parser is ready for the next connection.
     */
    void end() {
        if (pending.hasRemaining()) {
            CharBuffer out = CharBuffer.allocate(pending.remaining() * 2 + 2);
            decoder.decode(pending, out, true);
            out.flip();
            feed(out);
        }
        decoder.reset();
        pending = ByteBuffer.allocate(0);
        line.setLength(0);
        data.setLength(0);
        eventType = "";
        idBuffer = lastEventId; // an id whose event was cut off is not one to resume from
        started = false;
        afterCr = false;
    }

    private void endOfLine() {
        if (line.length() == 0) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            line.setLength(0);
            return; // a comment: the hub's heartbeat, for one
        }
        int colon = line.indexOf(":");
        String field;
        String value;
        if (colon < 0) {
            field = line.toString();
            value = "";
        } else {
            field = line.substring(0, colon);
            int start = colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            value = line.substring(start);
        }
        line.setLength(0);
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> retry(value);
            default -> { } // ignored, as browsers do
        }
    }

    private void retry(String value) {
        if (value.isEmpty()) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return;
            }
        }
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            millis = Long.MAX_VALUE; // more digits than a long: the longest wait there is
        }
        onRetry.accept(millis);
    }

    private void dispatch() {
        lastEventId = idBuffer;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1);
        Event event = new Event(lastEventId, eventType.isEmpty() ? "message" : eventType, data.toString());
        data.setLength(0);
        eventType = "";
        onEvent.accept(event);
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }
}
