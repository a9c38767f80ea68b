package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.transport.Health;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes complete (non-streaming) responses: CORS, keep-alive and the error format in one place.
 * Answers too large to hold are {@link StreamedAnswer}s.
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
    private static final long OUT_OF_MEMORY_LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final LogInterval OUT_OF_MEMORY_LINES = new LogInterval(OUT_OF_MEMORY_LOG_INTERVAL_NANOS);
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    private final Cors cors;
    private final Supplier<String> resourceMetadata;
    private final Consumer<AuthException> refused;

    /**
     * @param resourceMetadata the URL of the RFC 9728 metadata to name in 401 challenges, or null when none is served
     * @param refused told of every request answered with an authorization failure (for the metrics)
     */
    public Responses(Cors cors, Supplier<String> resourceMetadata, Consumer<AuthException> refused) {
        this.cors = cors;
        this.resourceMetadata = resourceMetadata;
        this.refused = refused;
    }

    public Cors cors() {
        return cors;
    }

    public FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    public FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, TEXT, (body + (body.endsWith("\n") || body.isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the response with CORS headers; keeps the connection open when the client wants it. */
    public void send(ChannelHandlerContext ctx, RequestHead request, FullHttpResponse response) {
        decorate(request, response.headers());
        if (request.head()) {
            ByteBuf content = response.content();
            response = response.replace(Unpooled.EMPTY_BUFFER);
            content.release();
        }
        boolean keepAlive = request.keepAlive() && !response.status().equals(HttpResponseStatus.REQUEST_TIMEOUT);
        if (keepAlive) {
            if (request.version().equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** What every answer to a request carries, whole or streamed: CORS headers, and no content sniffing. */
    void decorate(RequestHead request, HttpHeaders headers) {
        cors.apply(request.origin(), headers);
        headers.set("X-Content-Type-Options", "nosniff");
    }

    /** The answer to a refused request: its status, the message as text, and a Bearer challenge when relevant. */
    public void error(ChannelHandlerContext ctx, RequestHead request, HubException e) {
        FullHttpResponse response = text(HttpResponseStatus.valueOf(e.status()), e.getMessage());
        if (e instanceof AuthException auth) {
            refused.accept(auth);
            // Why a request was refused, for the operator: the message names no secret (never the
            // token or a key; see AuthException.quote for what it may echo). The path only: the
            // query may carry a token.
            LOG.debug("refused {} {}: {} {}: {}", request.method(), request.path(), e.status(),
                    auth.reason().label(), e.getMessage());
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge(auth, resourceMetadata.get()));
        }
        if (e.retryAfterSeconds() > 0) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, e.retryAfterSeconds());
        }
        send(ctx, request, response);
    }

    /**
     * The one answer to a request that failed: a refusal ({@link HubException}, possibly wrapped by
     * an asynchronous stage) gets its status and message; anything else is a defect of the hub,
     * logged with the request's method and path and answered 500. Every stage of every request
     * ends here when it throws, whether it ran in the router or after a token check.
     */
    public void fail(ChannelHandlerContext ctx, RequestHead request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HubException refused) {
            error(ctx, request, refused);
            return;
        }
        if (cause instanceof OutOfMemoryError oom) {
            error(ctx, request, outOfMemory(oom));
            return;
        }
        LOG.error("unexpected failure on {} {}", request.method(), request.path(), cause);
        error(ctx, request, new HubException(500, "Internal error."));
    }

    /**
     * The answer to a request the heap could not serve (a large body among many): 503, and a log
     * line at most every {@link #OUT_OF_MEMORY_LOG_INTERVAL_NANOS}, as a hub short of memory meets
     * it on many requests at once. The allocation that failed is given up, so answering is possible.
     */
    static HubException outOfMemory(OutOfMemoryError e) {
        long left = OUT_OF_MEMORY_LINES.admit();
        if (left >= 0) {
            LOG.error("out of memory serving a request ({}); answered 503; the heap (-Xmx) may be too small for the "
                    + "publishes in flight{}", e.getMessage(), left == 0 ? "" : " (" + left + " more not logged)");
        }
        return new HubException(503, "The hub is short of memory; try again later.");
    }

    /**
     * {@code /healthz}: 200 {@code ok}, or 503 with the problem while updates cannot be stored (a
     * balancer then sends publishes elsewhere; the hub keeps trying and turns healthy by itself).
     */
    void health(ChannelHandlerContext ctx, RequestHead request, Health health) {
        send(ctx, request, health.healthy() ? text(HttpResponseStatus.OK, "ok")
                : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "unhealthy: " + health.problem()));
    }

    /**
     * {@code /readyz}: 200 {@code ready}, or 503 saying why not (starting, draining, or the
     * transport's problem); never cached, as it changes from one probe to the next.
     */
    void readiness(ChannelHandlerContext ctx, RequestHead request, Health readiness) {
        FullHttpResponse response = readiness.healthy() ? text(HttpResponseStatus.OK, "ready")
                : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + readiness.problem());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        send(ctx, request, response);
    }

    /** 405, naming the methods that are allowed. */
    void methodNotAllowed(ChannelHandlerContext ctx, RequestHead request, String allowed) {
        FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "Method " + request.method() + " is not allowed here (allowed: " + allowed + ").");
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        send(ctx, request, response);
    }

    /**
     * A plain-text answer after which the connection is closed: for requests the pipeline refuses
     * before they are complete (too large, too slow, malformed), when the rest of the stream
     * cannot be trusted.
     */
    static void sendAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String message,
            @Nullable String origin, Cors cors) {
        sendClosing(ctx, status, message, origin, cors, true);
    }

    /**
     * As {@link #sendAndClose}, but with {@code closeNow} false the connection is left for the
     * caller to close (the answer still says {@code Connection: close}).
     *
     * @param origin the request's {@code Origin}, or null when unknown or absent
     */
    static void sendClosing(ChannelHandlerContext ctx, HttpResponseStatus status, String message,
            @Nullable String origin, Cors cors, boolean closeNow) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // Without CORS headers a browser hides the answer from the page behind a network error
        // (Fetch Standard, CORS protocol).
        cors.apply(origin, response.headers());
        if (closeNow) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /** RFC 6750 §3: a bare challenge when no token was sent, else its error code; RFC 9728 §5.1: where the metadata is. */
    static String challenge(AuthException e, String metadataUrl) {
        StringBuilder c = new StringBuilder("Bearer realm=\"mercure\"");
        if (e.error() != null) {
            c.append(", error=\"").append(e.error()).append('"');
        }
        if (metadataUrl != null && e.status() == 401) {
            c.append(", resource_metadata=\"").append(metadataUrl).append('"');
        }
        return c.toString();
    }
}
