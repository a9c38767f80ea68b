package dev.quicksilver.server.http;

import dev.quicksilver.server.logging.HubLog;
import dev.quicksilver.server.logging.LogFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The access log ({@code access-log}): one line per answered request, written when its answer is
 * complete (a stream's when it ends): method, path with the query (an {@code authorization}
 * parameter redacted, as it carries a token), status, body bytes, duration, remote address and
 * protocol. It reads no header, so neither {@code Authorization} nor a cookie can reach the log. One
 * per connection (HTTP/1.1) or per stream (HTTP/2), right after the codec, on its event loop.
 *
 * <p>Bytes count what passes through the pipeline: live deliveries that direct send writes
 * straight to the socket are not counted (they are in the metrics).
 */
final class AccessLog extends ChannelDuplexHandler {
    static final Logger LOG = LoggerFactory.getLogger("quicksilver.access");
    static final String REDACTED = "REDACTED";

    private String method;
    private String target;
    private String protocol;
    private long started;
    private int status;
    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            done(ctx); // a stream's end is seen only when the next request comes, on HTTP/1.1 keep-alive
            method = request.method().name();
            target = redact(request.uri());
            protocol = ctx.channel() instanceof Http2StreamChannel ? "HTTP/2.0" : request.protocolVersion().text();
            started = System.nanoTime();
            status = 0;
            bytes = 0;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (method != null) {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
            }
            if (msg instanceof ByteBufHolder holder) {
                bytes += holder.content().readableBytes();
            } else if (msg instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
            }
        }
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent) {
            done(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done(ctx);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        done(ctx);
    }

    /** Logs the request in progress, if it was answered (a status written), once. */
    private void done(ChannelHandlerContext ctx) {
        if (method == null || status == 0) {
            return;
        }
        long micros = (System.nanoTime() - started) / 1000;
        String remote = remote(ctx.channel());
        if (LOG.isInfoEnabled()) {
            if (HubLog.format() == LogFormat.JSON) {
                // Separate fields for a log pipeline; removed at once, the event loop serves others.
                MDC.put("method", method);
                MDC.put("path", target);
                MDC.put("status", Integer.toString(status));
                MDC.put("bytes", Long.toString(bytes));
                MDC.put("duration_ms", String.format(Locale.ROOT, "%.3f", micros / 1000.0));
                MDC.put("remote", remote);
                MDC.put("protocol", protocol);
                try {
                    LOG.info("{} {} {}", method, target, status);
                } finally {
                    MDC.clear();
                }
            } else {
                LOG.info("{} \"{} {} {}\" {} {} {}ms", remote, method, target, protocol, status, bytes,
                        String.format(Locale.ROOT, "%.3f", micros / 1000.0));
            }
        }
        method = null;
    }

    private static String remote(Channel channel) {
        SocketAddress address = (channel instanceof Http2StreamChannel stream ? stream.parent() : channel).remoteAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /**
     * The request target with the value of every {@code authorization} query parameter (the 0.x
     * way to send a token, in any case and percent-encoding of its name) replaced by {@value #REDACTED}.
     */
    static String redact(String target) {
        int query = target.indexOf('?');
        if (query < 0) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.length()).append(target, 0, query + 1);
        String[] parts = target.substring(query + 1).split("&", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (i > 0) {
                out.append('&');
            }
            if (decodedName(name).equalsIgnoreCase("authorization")) {
                out.append(name).append('=').append(REDACTED);
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    private static String decodedName(String name) {
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }
}
