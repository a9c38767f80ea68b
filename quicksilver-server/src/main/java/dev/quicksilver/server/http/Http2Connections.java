package dev.quicksilver.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 connections, as opposed to their streams: at shutdown each is closed gracefully (a
 * GOAWAY, so that clients open no new stream on it, then the close once its streams have ended),
 * and one that carries no stream is closed after the read timeout, as an idle HTTP/1.1 connection is.
 * The set is thread-safe; the idle check runs on the connection's loop.
 */
final class Http2Connections {
    private final ChannelGroup all = new DefaultChannelGroup("http2", GlobalEventExecutor.INSTANCE);

    void add(Channel connection) {
        all.add(connection); // leaves the group when it closes
    }

    /** Sends every connection a GOAWAY; each closes once its streams have ended. */
    void goAway() {
        for (Channel c : all) {
            c.close(); // through the codec: GOAWAY first, the socket after the last stream
        }
    }

    /**
     * Closes the connection when nothing was read for the read timeout and it carries no stream.
     * Watches reads only: an SSE-only connection sends nothing, and a write watch would cost a
     * promise per write.
     */
    static final class Idle extends IdleStateHandler {
        Idle(long readTimeoutNanos) {
            super(readTimeoutNanos, 0, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
            if (codec != null && codec.connection().numActiveStreams() == 0) {
                ctx.channel().close(); // from the tail, through the codec, which says GOAWAY
            }
        }
    }
}
