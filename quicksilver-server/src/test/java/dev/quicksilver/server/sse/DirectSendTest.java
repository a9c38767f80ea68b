package dev.quicksilver.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When the fast path applies: only switched on, on a stream whose stage is first in the pipeline, never HTTP/2. */
class DirectSendTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private ChannelHandlerContext stage(String name) {
        channel.pipeline().addLast(name, new ChannelHandlerAdapter() { });
        return channel.pipeline().context(name);
    }

    @Test
    @DisplayName("on: a stream whose stage is the first in the pipeline gets the fast path")
    void applies() {
        assertThat(DirectSend.of(true, channel, stage("stream"), false)).isNotNull();
    }

    @Test
    @DisplayName("off (direct-send=false): never")
    void switchedOff() {
        assertThat(DirectSend.of(false, channel, stage("stream"), false)).isNull();
    }

    @Test
    @DisplayName("a stage before the stream (TLS) or an HTTP/2 stream: never")
    void notApplicable() {
        stage("tls");
        assertThat(DirectSend.of(true, channel, stage("stream"), false)).isNull();
        assertThat(DirectSend.of(true, channel, channel.pipeline().firstContext(), true)).isNull();
    }

    @Test
    @DisplayName("without a native socket (EmbeddedChannel, NIO) no chunk is sent directly: the channel takes it")
    void noSocket() throws Exception {
        DirectSend direct = DirectSend.of(true, channel, stage("stream"), false);
        io.netty.buffer.ByteBuf chunk = io.netty.buffer.Unpooled.directBuffer().writeByte('x');
        assertThat(direct.trySend(chunk)).isEqualTo(-1);
        chunk.release();
    }
}
