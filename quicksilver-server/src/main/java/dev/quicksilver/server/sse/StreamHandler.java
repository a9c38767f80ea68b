package dev.quicksilver.server.sse;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The only stage left in a connection's pipeline once it carries a stream (besides TLS): the HTTP
 * codec and the router are gone, so an idle stream holds no decoder state. It ignores whatever the
 * client sends, ends the subscriber when the connection closes, and resumes a replay when the
 * socket accepts more.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    private final SseSubscriber subscriber;

    StreamHandler(SseSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // a stream's client has nothing more to say
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        subscriber.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            subscriber.pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
