package dev.quicksilver.server.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;

/**
 * The framing of an HTTP/2 stream: the shard frames each event once as an HTTP/1.1 chunk, which
 * HTTP/1.1 streams take as it is; an HTTP/2 stream takes the same bytes, less the chunk's size line
 * and final CRLF, as a DATA frame (the buffer is shared, only the frame object is the stream's), and
 * the last chunk becomes an empty DATA frame that ends the stream.
 */
final class DataFrames {
    private DataFrames() {}

    /** The DATA frame carrying this chunk's payload; takes over the chunk's reference. */
    static Http2DataFrame of(ByteBuf chunk) {
        int size = 0;
        int i = chunk.readerIndex();
        for (byte b; (b = chunk.getByte(i)) != '\r'; i++) {
            size = (size << 4) + Character.digit(b, 16);
        }
        if (size == 0) {
            chunk.release();
            return new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true);
        }
        return new DefaultHttp2DataFrame(chunk.setIndex(i + 2, i + 2 + size));
    }
}
