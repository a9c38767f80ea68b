package dev.quicksilver.server.http;

import dev.quicksilver.server.sse.StreamStages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 200 answer whose body may be too large to hold in memory (a subscriptions collection of
 * thousands of subscribers with hundreds of selectors each): it is written a part at a time, as the
 * connection takes it, so that what the hub holds for it is bounded by a part and the connection's
 * write buffer, never by the document (docs/configuration.md "Large collections").
 *
 * <p>A body that ends within its first part is sent whole, with its {@code Content-Length}, as any
 * other answer. A longer one becomes a stream like a subscriber's: this handler takes the place of
 * the request's stages ({@link StreamStages#attach}), the head is written, then parts go out while
 * the channel is writable, at most {@link #PARTS_PER_TURN} per turn of the event loop, so its other
 * connections are served between turns; an unwritable channel waits for its writability to come
 * back. HTTP/1.1 frames it chunked, HTTP/1.0 by closing the connection (RFC 9112 §6.3), HTTP/2 with
 * DATA frames under flow control. On HTTP/1.x the answer is the connection's last ({@code
 * Connection: close}): a request pipelined behind it is dropped unanswered, which a client retries
 * on a new connection (RFC 9112 §9.3.2). A client that takes no part for the stall time (the
 * read timeout) is disconnected, so a reader that never reads cannot hold the answer open forever.
 *
 * <p>A {@code HEAD} of a long body gets the head alone, without {@code Content-Length}, which only
 * writing the body would tell (RFC 9110 §9.3.2).
 */
final class StreamedAnswer extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedAnswer.class);
    /** Characters a part reaches before it is written (a chunk in HTTP/1.1). */
    static final int PART_SIZE = 16 * 1024;
    /** Parts written per turn of the event loop at most. */
    static final int PARTS_PER_TURN = 16;

    /** The body, a part at a time. */
    interface Body {
        /**
         * Appends the next part: about {@code size} characters (a part may be shorter, even empty).
         *
         * @return false once the end of the body was appended
         */
        boolean writeNext(StringBuilder out, int size);
    }

    /**
     * What every streamed answer shares.
     *
     * @param stages the pipeline changes of a request that becomes a stream
     * @param stallNanos longest time the client may take no part of the answer; 0 for no limit
     */
    record Setup(Responses responses, StreamStages stages, long stallNanos) {}

    private final Setup setup;
    private final Body body;
    private final boolean http2;
    /** The part being written; reused, as its bytes are copied out before the next. */
    private final StringBuilder part = new StringBuilder(PART_SIZE + 1024);
    private ChannelHandlerContext out;
    private boolean done;
    private boolean pumping;
    private boolean scheduled;
    /** Parts written so far, and as many at the last stall check. */
    private long written;
    private long writtenAtCheck;
    private ScheduledFuture<?> stallCheck;

    private StreamedAnswer(Setup setup, Body body, boolean http2) {
        this.setup = setup;
        this.body = body;
        this.http2 = http2;
    }

    /**
     * Answers 200 with this body and these headers (its {@code Content-Type} among them). Runs on
     * the channel's event loop, in place of the request's last stage.
     */
    static void send(Setup setup, ChannelHandlerContext ctx, RequestHead request, HttpHeaders headers, Body body) {
        StringBuilder first = new StringBuilder(PART_SIZE + 1024);
        boolean more = true;
        for (int i = 0; more && first.length() < PART_SIZE && i < PARTS_PER_TURN; i++) {
            more = body.writeNext(first, PART_SIZE - first.length());
        }
        Responses responses = setup.responses();
        boolean http2 = ctx.channel() instanceof Http2StreamChannel;
        if (!more || request.head()) {
            FullHttpResponse whole = responses.response(HttpResponseStatus.OK, null,
                    more ? new byte[0] : first.toString().getBytes(StandardCharsets.UTF_8));
            whole.headers().add(headers);
            if (more) {
                whole.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
                chunkedOnHttp11(request, http2, whole);
            }
            responses.send(ctx, request, whole);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().add(headers);
        responses.decorate(request, head.headers());
        if (!http2) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            chunkedOnHttp11(request, false, head);
        }
        StreamedAnswer answer = new StreamedAnswer(setup, body, http2);
        setup.stages().attach(ctx.pipeline(), answer); // sets answer.out: the request's stages leave
        answer.start(head, first);
    }

    /** HTTP/1.1 frames an open-ended body in chunks; HTTP/1.0 knows none, its body ends with the connection. */
    private static void chunkedOnHttp11(RequestHead request, boolean http2, HttpResponse response) {
        if (!http2 && request.version().equals(HttpVersion.HTTP_1_1)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        out = ctx;
    }

    private void start(HttpResponse head, StringBuilder first) {
        Channel channel = out.channel();
        if (!channel.isActive()) {
            done = true;
            return;
        }
        out.write(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        write(first, false);
        out.flush();
        if (setup.stallNanos() > 0) {
            stallCheck = out.executor().schedule(this::checkStall, setup.stallNanos(), TimeUnit.NANOSECONDS);
        }
        pump();
    }

    /** Writes parts while the channel takes them, a turn's worth at most, then flushes. */
    private void pump() {
        if (out == null || done || pumping) {
            return; // a flush that empties the buffer reports writability from inside the loop below
        }
        pumping = true;
        try {
            for (int i = 0; i < PARTS_PER_TURN && !done && out.channel().isWritable(); i++) {
                part.setLength(0);
                boolean more = body.writeNext(part, PART_SIZE);
                write(part, !more);
            }
            out.flush();
        } catch (RuntimeException e) {
            // The head is sent: only an incomplete body can tell the client that the answer failed.
            LOG.error("the streamed answer failed", e);
            done = true;
            out.close();
        } finally {
            pumping = false;
        }
        if (!done && out.channel().isWritable() && !scheduled) {
            // The socket took everything: go on after the event loop's next look at its other
            // connections (a scheduled task runs after it, where a plain task could run before).
            scheduled = true;
            out.executor().schedule(() -> {
                scheduled = false;
                pump();
            }, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void write(StringBuilder text, boolean last) {
        written++;
        ByteBuf bytes = ByteBufUtil.writeUtf8(out.alloc(), text);
        if (last) {
            done = true;
            cancelStallCheck();
            // HTTP/1.x: the answer is the connection's last; HTTP/2: END_STREAM closes the stream.
            out.write(new DefaultLastHttpContent(bytes))
                    .addListener(http2 ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        } else if (bytes.isReadable()) {
            out.write(new DefaultHttpContent(bytes)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            bytes.release(); // an empty chunk would end an HTTP/1.1 body
        }
    }

    private void checkStall() {
        stallCheck = null;
        if (done) {
            return;
        }
        if (written == writtenAtCheck) {
            LOG.debug("closing a streamed answer that its client stopped reading: {}", out.channel());
            done = true;
            out.close();
            return;
        }
        writtenAtCheck = written;
        stallCheck = out.executor().schedule(this::checkStall, setup.stallNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelStallCheck() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // the answer is the connection's last: what follows goes unanswered
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        cancelStallCheck();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
