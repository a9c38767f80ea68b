package dev.quicksilver.loadtest.net;

import dev.quicksilver.loadtest.measure.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;

/**
 * One subscriber as an HTTP/2 stream: the handler of its stream's child channel. It writes the GET
 * as a HEADERS frame, checks the response's HEADERS, and feeds each DATA frame's bytes to the SSE
 * parser without copying. The stream's window is returned as the frames are read (Netty's child
 * channel does it), so a slow tool shows as lateness, not as a stalled connection.
 *
 * <p>Never a slow subscriber: {@link dev.quicksilver.loadtest.Settings} refuses that combination.
 */
final class H2SubscriberHandler extends SubscriberHandler {
    private final Http2Headers request;

    H2SubscriberHandler(Subscribers fleet, Metrics metrics, Subscriber subscriber, Http2Headers request) {
        super(fleet, metrics, subscriber, null, null, false, false);
        this.request = request;
    }

    @Override
    ChannelFuture sendRequest(ChannelHandlerContext ctx) {
        return ctx.writeAndFlush(new DefaultHttp2HeadersFrame(request, true));
    }

    @Override
    void read(Object msg) {
        if (msg instanceof Http2DataFrame data) {
            if (state == State.STREAMING) {
                ByteBuf content = data.content();
                parser.feed(content, content.readerIndex(), content.writerIndex());
            }
            if (data.isEndStream()) {
                onBodyEnd();
            }
        } else if (msg instanceof Http2HeadersFrame headers && state == State.AWAITING_HEAD) {
            CharSequence status = headers.headers().status();
            CharSequence type = headers.headers().get("content-type");
            if (onHead(status == null ? 0 : Integer.parseInt(status.toString()), type == null ? null : type.toString())
                    && headers.isEndStream()) {
                onBodyEnd();
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            String reason = "stream reset by the hub (" + reset.errorCode() + ")";
            if (state == State.STREAMING) {
                lost(reason);
            } else {
                fail(reason);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }
}
