package dev.quicksilver.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;

/**
 * Between the HTTP/2 codec and the streams: drops a RST_STREAM for a stream that is already
 * closed. When a client resets a stream whose DATA still waits for its window, Netty fails those
 * writes and, reacting to the failure, closes the stream's channel with a RST_STREAM (CANCEL) of
 * its own: a reset answering a reset, which RFC 9113 §5.4.2 forbids ("MUST NOT send a
 * RST_STREAM frame in response to a RST_STREAM frame"). Once a stream is closed, by either side,
 * there is nothing left to reset. Shared by every connection; stateless.
 */
@ChannelHandler.Sharable
final class ClosedStreamResets extends ChannelOutboundHandlerAdapter {
    static final ClosedStreamResets INSTANCE = new ClosedStreamResets();

    private ClosedStreamResets() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Http2ResetFrame reset && reset.stream() != null
                && reset.stream().state() == Http2Stream.State.CLOSED) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        ctx.write(msg, promise);
    }
}
