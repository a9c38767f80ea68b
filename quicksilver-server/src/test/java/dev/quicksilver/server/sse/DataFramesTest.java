package dev.quicksilver.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http2.Http2DataFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An HTTP/2 stream carries the shard's chunk payload as DATA: the same bytes, without the chunk framing. */
class DataFramesTest {

    @Test
    @DisplayName("a chunk becomes a DATA frame holding exactly the SSE bytes, sharing the chunk's buffer")
    void chunkToData() {
        byte[] sse = ("id: 1\ndata: " + "x".repeat(300) + "\n\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf chunk = Chunks.frame(UnpooledByteBufAllocator.DEFAULT, sse);
        Http2DataFrame frame = DataFrames.of(chunk.retainedDuplicate());
        assertThat(frame.isEndStream()).isFalse();
        assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo(new String(sse, StandardCharsets.UTF_8));
        assertThat(chunk.readerIndex()).as("the shared chunk is untouched").isZero();
        assertThat(chunk.refCnt()).isEqualTo(2);
        frame.release();
        assertThat(chunk.refCnt()).isEqualTo(1);
        chunk.release();
    }

    @Test
    @DisplayName("the comment line stays a comment line; the last chunk ends the stream with an empty DATA frame")
    void commentAndLast() {
        Http2DataFrame comment = DataFrames.of(Chunks.COMMENT.duplicate());
        assertThat(comment.content().toString(StandardCharsets.UTF_8)).isEqualTo(":\n");
        assertThat(comment.isEndStream()).isFalse();
        Http2DataFrame last = DataFrames.of(Chunks.LAST.duplicate());
        assertThat(last.isEndStream()).isTrue();
        assertThat(last.content().readableBytes()).isZero();
    }
}
