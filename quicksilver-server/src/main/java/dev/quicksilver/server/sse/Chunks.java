package dev.quicksilver.server.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 chunked framing, done once per event rather than once per subscriber: the framed bytes
 * are written to every stream as they are, past the HTTP codec.
 */
public final class Chunks {
    private static final byte[] CRLF = {'\r', '\n'};

    /** An SSE comment line ({@code :}), framed: the first bytes of a stream, and the heartbeat. */
    public static final ByteBuf COMMENT = constant(frame(Unpooled.buffer(), new byte[] {':', '\n'}));

    /** The last chunk: the response ends cleanly and the client reconnects. */
    public static final ByteBuf LAST = constant(Unpooled.copiedBuffer("0\r\n\r\n", StandardCharsets.US_ASCII));

    private Chunks() {}

    /** A new buffer holding {@code sse} framed as one chunk. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte[] sse) {
        return frame(alloc.directBuffer(sse.length + 12), sse);
    }

    private static ByteBuf frame(ByteBuf out, byte[] sse) {
        out.writeCharSequence(Integer.toHexString(sse.length), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF).writeBytes(sse).writeBytes(CRLF);
        return out;
    }

    private static ByteBuf constant(ByteBuf buf) {
        ByteBuf direct = Unpooled.directBuffer(buf.readableBytes()).writeBytes(buf);
        buf.release();
        return Unpooled.unreleasableBuffer(direct.asReadOnly());
    }
}
