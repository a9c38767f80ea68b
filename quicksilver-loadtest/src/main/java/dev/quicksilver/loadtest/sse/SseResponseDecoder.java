package dev.quicksilver.loadtest.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes the HTTP/1.1 response to an SSE request, straight from the socket's bytes: the head
 * (status line and headers, parsed once into Strings), then the body, chunked or not, whose bytes
 * go to an {@link SseParser} without being copied.
 *
 * <p>Not thread-safe: one decoder per connection, used on that connection's event loop.
 */
public final class SseResponseDecoder {
    /** A head larger than this is refused. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_CHUNK_SIZE_DIGITS = 8;

    /** What the decoder reports, beside the events that its {@link SseParser} reports. */
    public interface Listener {
        /**
         * The response head. The body is parsed only when this answers true.
         *
         * @param status the status code
         * @param contentType the Content-Type header, or null
         */
        boolean onHead(int status, String contentType);

        /** The body ended (last chunk, or its Content-Length reached). */
        void onBodyEnd();
    }

    /** A malformed response. */
    public static final class MalformedResponseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message, null, false, false);
        }
    }

    private enum State { HEAD, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END, TRAILER, BODY, DONE }

    private final Listener listener;
    private final SseParser parser;
    private State state = State.HEAD;
    private byte[] head = new byte[256];
    private int headLength;
    private int status;
    /** Bytes left: in the current chunk, or in a body with a Content-Length (-1: until close). */
    private long remaining;
    private int sizeDigits;
    private boolean trailerLineEmpty = true;

    public SseResponseDecoder(Listener listener, SseParser parser) {
        this.listener = listener;
        this.parser = parser;
    }

    /** The status code, once the head is read; 0 before. */
    public int status() {
        return status;
    }

    /** Decodes all readable bytes of {@code buf}, without moving its indexes. */
    public void decode(ByteBuf buf) {
        int i = buf.readerIndex();
        int to = buf.writerIndex();
        while (i < to && state != State.DONE) {
            switch (state) {
                case HEAD -> i = head(buf, i, to);
                case CHUNK_SIZE -> {
                    byte b = buf.getByte(i++);
                    int digit = Character.digit(b, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > MAX_CHUNK_SIZE_DIGITS) {
                            throw new MalformedResponseException("chunk size too large");
                        }
                        remaining = remaining * 16 + digit;
                    } else if (b == ';' || b == ' ' || b == '\t') {
                        state = State.CHUNK_EXTENSION;
                    } else if (b == '\n') {
                        endChunkSize();
                    } else if (b != '\r') {
                        throw new MalformedResponseException("bad chunk size");
                    }
                }
                case CHUNK_EXTENSION -> {
                    int eol = buf.indexOf(i, to, (byte) '\n');
                    if (eol < 0) {
                        i = to;
                    } else {
                        i = eol + 1;
                        endChunkSize();
                    }
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    parser.feed(buf, i, i + n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> {
                    byte b = buf.getByte(i++);
                    if (b == '\n') {
                        state = State.CHUNK_SIZE;
                    } else if (b != '\r') {
                        throw new MalformedResponseException("chunk not followed by CRLF");
                    }
                }
                case TRAILER -> {
                    byte b = buf.getByte(i++);
                    if (b == '\n') {
                        if (trailerLineEmpty) {
                            end();
                        }
                        trailerLineEmpty = true;
                    } else if (b != '\r') {
                        trailerLineEmpty = false;
                    }
                }
                case BODY -> {
                    int n = remaining < 0 ? to - i : (int) Math.min(remaining, to - i);
                    parser.feed(buf, i, i + n);
                    i += n;
                    if (remaining > 0) {
                        remaining -= n;
                        if (remaining == 0) {
                            end();
                        }
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void endChunkSize() {
        sizeDigits = 0;
        if (remaining == 0) {
            state = State.TRAILER;
            trailerLineEmpty = true;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    private void end() {
        state = State.DONE;
        listener.onBodyEnd();
    }

    /** Copies head bytes until the blank line; returns the index after what it consumed. */
    private int head(ByteBuf buf, int i, int to) {
        int end = buf.forEachByte(i, to - i, new ByteProcessor() {
            private int seen = headLength;

            @Override
            public boolean process(byte b) {
                // Stop after "\n\r\n" or "\n\n" (the blank line), looking at what was copied before.
                if (b == '\n' && endsWithBlankLine(seen)) {
                    return false;
                }
                seen++;
                return true;
            }

            private boolean endsWithBlankLine(int n) {
                int k = n - 1;
                if (k >= 0 && peek(k) == '\r') {
                    k--;
                }
                return k >= 0 && peek(k) == '\n';
            }

            private byte peek(int k) {
                return k < headLength ? head[k] : buf.getByte(i + k - headLength);
            }
        });
        int stop = end < 0 ? to : end + 1;
        int n = stop - i;
        if (headLength + n > MAX_HEAD_BYTES) {
            throw new MalformedResponseException("response head larger than " + MAX_HEAD_BYTES + " bytes");
        }
        if (headLength + n > head.length) {
            head = java.util.Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
        }
        buf.getBytes(i, head, headLength, n);
        headLength += n;
        if (end >= 0) {
            parseHead();
        }
        return stop;
    }

    private void parseHead() {
        String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        head = null;
        String[] lines = text.split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new MalformedResponseException("bad status line: " + abbreviate(lines[0]));
        }
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("bad status line: " + abbreviate(lines[0]));
        }
        String contentType = null;
        boolean chunked = false;
        long contentLength = -1;
        for (int k = 1; k < lines.length; k++) {
            int colon = lines[k].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[k].substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value;
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new MalformedResponseException("bad Content-Length: " + abbreviate(value));
                    }
                }
                default -> { }
            }
        }
        if (!listener.onHead(status, contentType)) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            remaining = 0;
        } else if (contentLength == 0) {
            end();
        } else {
            state = State.BODY;
            remaining = contentLength; // -1: until the connection closes
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
