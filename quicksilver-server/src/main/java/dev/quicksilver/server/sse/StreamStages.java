package dev.quicksilver.server.sse;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * The changes a connection's pipeline goes through when its request becomes a stream. The
 * pipeline's builder owns them (it alone knows the stages' names); a subscriber only says when.
 * Both run on the channel's event loop.
 */
public interface StreamStages {
    /**
     * The request is accepted as a stream: the stages that only serve requests (timeout, body
     * aggregation, the router) leave, and the stream's own stage joins, so that from now on a
     * closed connection ends the subscriber and what the client sends is dropped.
     */
    void attach(ChannelPipeline pipeline, ChannelHandler stream);

    /**
     * The response headers are written: the HTTP codec leaves too, since events are written
     * already framed. Only the stream's stage (and TLS, if any) remains.
     *
     * @return the stream stage's context, where the stream's writes start
     */
    ChannelHandlerContext headersWritten(ChannelPipeline pipeline);
}
