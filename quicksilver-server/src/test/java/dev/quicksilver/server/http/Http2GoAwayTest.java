package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A closing HTTP/2 connection (GOAWAY sent) waits for its streams to end: at shutdown the hub sends
 * the GOAWAY first and then ends every stream with END_STREAM, and the socket must not close in
 * between (Netty's frame codec would close it at once by default, and the clients would see a
 * dropped connection instead of a clean end).
 */
class Http2GoAwayTest {

    /**
     * The client's preface, an empty SETTINGS, and one GET (stream 3, END_STREAM): what opens a
     * stream. Not stream 1: on a channel without a server parent, as here, Netty's multiplexer
     * takes stream 1 for an HTTP/1.1 upgrade.
     */
    private static ByteBuf clientOpensOneStream() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(new byte[] {0, 0, 0, 0x04, 0, 0, 0, 0, 0}); // SETTINGS, no parameter
        // HEADERS, 3 bytes, END_STREAM | END_HEADERS, stream 3: the static table's
        // :method GET (0x82), :scheme http (0x86), :path / (0x84).
        in.writeBytes(new byte[] {0, 0, 3, 0x01, 0x05, 0, 0, 0, 3, (byte) 0x82, (byte) 0x86, (byte) 0x84});
        return in;
    }

    @Test
    @DisplayName("after the GOAWAY the connection stays open until its last stream ends, then closes")
    void goAwayWaitsForTheStreams() {
        AtomicReference<Http2StreamChannel> stream = new AtomicReference<>();
        EmbeddedChannel connection = new EmbeddedChannel(HubPipeline.http2Codec(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        stream.set(ch);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof Http2HeadersFrame) {
                                    // The answer's headers, not the end: a stream that goes on, as an SSE stream does.
                                    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
                                }
                                ReferenceCountUtil.release(msg);
                            }
                        });
                    }
                }));
        try {
            connection.writeInbound(clientOpensOneStream());
            connection.runPendingTasks();
            assertThat(stream.get()).as("the stream the client opened").isNotNull();

            // As the hub's shutdown does: through the codec, which sends the GOAWAY. (Not
            // EmbeddedChannel.close(), which cancels the scheduled tasks, the grace timer among them.)
            connection.pipeline().close();
            connection.runPendingTasks();
            connection.advanceTimeBy(HubPipeline.GOAWAY_GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
            connection.runScheduledPendingTasks();
            assertThat(connection.isOpen()).as("open while its stream goes on").isTrue();
            assertThat(stream.get().isActive()).isTrue();

            stream.get().writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(), true)); // END_STREAM
            connection.runPendingTasks();
            assertThat(connection.isOpen()).as("closed once its last stream ended").isFalse();
        } finally {
            connection.finishAndReleaseAll();
        }
    }

    @Test
    @DisplayName("a stream that never ends does not hold the closing connection past the grace period")
    void graceBounded() {
        EmbeddedChannel connection = new EmbeddedChannel(HubPipeline.http2Codec(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        // reads nothing, answers nothing: the stream stays open
                    }
                }));
        try {
            connection.writeInbound(clientOpensOneStream());
            connection.runPendingTasks();
            connection.pipeline().close();
            connection.runPendingTasks();
            connection.advanceTimeBy(HubPipeline.GOAWAY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            connection.runScheduledPendingTasks();
            connection.runPendingTasks();
            assertThat(connection.isOpen()).isFalse();
        } finally {
            connection.finishAndReleaseAll();
        }
    }
}
