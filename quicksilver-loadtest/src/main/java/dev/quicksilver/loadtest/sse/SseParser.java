package dev.quicksilver.loadtest.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * An incremental parser of an SSE stream (the WHATWG "event stream interpretation"), fed with the
 * body bytes as they arrive, in pieces of any size. It builds no String per event: for each event it
 * reports the two numbers that start its {@code data}, {@code <stamp>.<sequence>} (the load test's
 * send time and publish number), and the data's length; the rest of the data is skipped with a
 * byte scan. Numbers longer than 18 digits are not numbers.
 *
 * <p>Lines end with CRLF, LF or CR. Comment lines ({@code :...}, heartbeats) are counted. Fields
 * other than {@code data} are ignored. An event without any {@code data} field is not dispatched,
 * as the specification says.
 *
 * <p>Not thread-safe: one parser per connection, used on that connection's event loop.
 */
public final class SseParser {
    /** The stamp of an event whose data does not start with a number. */
    public static final long NO_STAMP = Long.MIN_VALUE;
    /** The sequence of an event whose data has no second number. */
    public static final long NO_SEQUENCE = -1;
    private static final int MAX_DIGITS = 18;

    /** What the parser reports. */
    public interface Listener {
        /**
         * One event.
         *
         * @param stamp the decimal integer at the start of the data, or {@link #NO_STAMP}
         * @param sequence the decimal integer after the stamp and a dot, or {@link #NO_SEQUENCE}
         * @param dataLength the length in bytes of the data (lines joined with LF)
         */
        void onEvent(long stamp, long sequence, int dataLength);

        /** One comment line, such as a heartbeat. */
        default void onComment() {}
    }

    private enum State {
        /** At the start of a line. */
        LINE_START,
        /** In a field name; {@link #nameMatch} tells how much of "data" it matched. */
        NAME,
        /** Right after the colon: one space may follow. */
        AFTER_COLON,
        /** In a value (or a comment) up to the end of the line. */
        VALUE
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] ID = {'i', 'd'};
    /** Longest event id kept; a longer one is cut (ids of real hubs are far shorter). */
    private static final int MAX_ID = 1024;
    private static final int NAME_MISMATCH = -1;
    private static final int MAX_CAPTURE = 1 << 20;

    private final Listener listener;
    private State state = State.LINE_START;
    private boolean skipLf;
    private boolean comment;
    private int nameMatch;
    private boolean dataField;
    private int idMatch;
    private boolean idField;
    /** The id field being read, when ids are kept; null otherwise. */
    private final StringBuilder idValue;
    private String lastEventId;

    private int dataLines;
    private int dataLength;
    private long stamp;
    private int stampDigits;
    private long sequence;
    private int sequenceDigits;
    private boolean inSequence;
    private boolean numbersOpen = true;

    private byte[] capture;
    private int captureLength;

    /** A parser that skips the data bytes. */
    public SseParser(Listener listener) {
        this(listener, false);
    }

    /**
     * @param capture keep each event's data (up to 1 MiB), for {@link #lastData()}: for tests and
     *     debugging, never on the load path
     */
    public SseParser(Listener listener, boolean capture) {
        this(listener, capture, false);
    }

    /**
     * @param keepIds keep the last event id ({@link #lastEventId()}), for subscribers that resume
     *     with {@code Last-Event-ID}
     */
    public SseParser(Listener listener, boolean capture, boolean keepIds) {
        this.listener = listener;
        this.capture = capture ? new byte[64] : null;
        this.idValue = keepIds ? new StringBuilder() : null;
    }

    /** The last event id the stream set (null before any), when built to keep ids. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The data of the event being reported, when built with capture; for tests. */
    public String lastData() {
        if (capture == null) {
            throw new IllegalStateException("not capturing");
        }
        return new String(capture, 0, captureLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parses {@code buf[from, to)} without moving its indexes. */
    public void feed(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            if (skipLf) {
                skipLf = false;
                if (buf.getByte(i) == '\n') {
                    i++;
                    continue;
                }
            }
            switch (state) {
                case LINE_START -> {
                    byte b = buf.getByte(i++);
                    if (b == '\n' || b == '\r') {
                        skipLf = b == '\r';
                        dispatch();
                    } else if (b == ':') {
                        comment = true;
                        dataField = false;
                        state = State.VALUE;
                    } else {
                        nameMatch = b == DATA[0] ? 1 : NAME_MISMATCH;
                        idMatch = b == ID[0] ? 1 : NAME_MISMATCH;
                        state = State.NAME;
                    }
                }
                case NAME -> {
                    byte b = buf.getByte(i++);
                    if (b == ':') {
                        startValue();
                        state = State.AFTER_COLON;
                    } else if (b == '\n' || b == '\r') {
                        skipLf = b == '\r';
                        startValue(); // a field name alone: the value is empty
                        endLine();
                    } else {
                        nameMatch = nameMatch >= 0 && nameMatch < DATA.length && b == DATA[nameMatch] ? nameMatch + 1
                                : NAME_MISMATCH;
                        idMatch = idMatch >= 0 && idMatch < ID.length && b == ID[idMatch] ? idMatch + 1 : NAME_MISMATCH;
                    }
                }
                case AFTER_COLON -> {
                    if (buf.getByte(i) == ' ') {
                        i++;
                    }
                    state = State.VALUE;
                }
                case VALUE -> i = value(buf, i, to);
                default -> throw new IllegalStateException();
            }
        }
    }

    private void startValue() {
        dataField = !comment && nameMatch == DATA.length;
        idField = idValue != null && !comment && idMatch == ID.length;
        if (idField) {
            idValue.setLength(0);
        }
        if (dataField) {
            if (dataLines > 0) {
                dataLength++; // the LF that joins data lines
                captureByte((byte) '\n');
                numbersOpen = false;
            }
            dataLines++;
        }
    }

    /** Consumes value bytes up to the end of the line; returns the next index. */
    private int value(ByteBuf buf, int i, int to) {
        if (dataField) {
            while (numbersOpen && i < to) {
                byte b = buf.getByte(i);
                if (b >= '0' && b <= '9') {
                    if (!inSequence) {
                        if (stampDigits == MAX_DIGITS) {
                            stampDigits = 0; // too long for a timestamp: not one
                            numbersOpen = false;
                            break;
                        }
                        stamp = stamp * 10 + (b - '0');
                        stampDigits++;
                    } else {
                        if (sequenceDigits == MAX_DIGITS) {
                            sequenceDigits = 0;
                            numbersOpen = false;
                            break;
                        }
                        sequence = sequence * 10 + (b - '0');
                        sequenceDigits++;
                    }
                } else if (b == '.' && !inSequence && stampDigits > 0) {
                    inSequence = true;
                } else {
                    numbersOpen = false;
                    break;
                }
                dataLength++;
                captureByte(b);
                i++;
            }
        }
        int eol = buf.forEachByte(i, to - i, ByteProcessor.FIND_CRLF);
        int end = eol < 0 ? to : eol;
        if (idField) {
            for (int k = i; k < end && idValue.length() < MAX_ID; k++) {
                idValue.append((char) (buf.getByte(k) & 0xff)); // ids are ASCII in practice
            }
        }
        if (dataField) {
            dataLength += end - i;
            if (capture != null) {
                for (int k = i; k < end; k++) {
                    captureByte(buf.getByte(k));
                }
            }
        }
        if (eol < 0) {
            return to;
        }
        skipLf = buf.getByte(eol) == '\r';
        endLine();
        return eol + 1;
    }

    private void endLine() {
        if (comment) {
            listener.onComment();
        }
        if (idField && idValue.indexOf("\0") < 0) {
            lastEventId = idValue.toString(); // an id with NUL is ignored, as the specification says
        }
        idField = false;
        comment = false;
        dataField = false;
        state = State.LINE_START;
    }

    private void dispatch() {
        if (dataLines > 0) {
            listener.onEvent(stampDigits == 0 ? NO_STAMP : stamp, sequenceDigits == 0 ? NO_SEQUENCE : sequence,
                    dataLength);
        }
        dataLines = 0;
        dataLength = 0;
        stamp = 0;
        stampDigits = 0;
        sequence = 0;
        sequenceDigits = 0;
        inSequence = false;
        numbersOpen = true;
        captureLength = 0;
    }

    private void captureByte(byte b) {
        if (capture == null || captureLength >= MAX_CAPTURE) {
            return;
        }
        if (captureLength == capture.length) {
            capture = java.util.Arrays.copyOf(capture, Math.min(MAX_CAPTURE, capture.length * 2));
        }
        capture[captureLength++] = b;
    }
}
