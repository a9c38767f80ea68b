package dev.quicksilver.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the hub reads of a request, copied out of Netty's message before anything asynchronous
 * happens. The router's {@code FullHttpRequest} (and its body) is released as soon as the router
 * returns, while a token check may complete later, on another thread; every later stage reads
 * this value instead, so that no stage can touch a released message. The body, when one is
 * needed, is copied as well, by the handler that reads it. Immutable.
 *
 * <p>The headers kept are exactly those some stage reads: adding a stage that needs another
 * header means adding it here.
 *
 * @param method the request method
 * @param target the path and raw query
 * @param version the HTTP version of the request line (HTTP/2 streams are translated to HTTP/1.1)
 * @param keepAlive whether the client wants the connection kept open after the answer
 * @param origin {@code Origin}, or null (CORS, and the CSRF check of cookie-authorized publishes)
 * @param referer {@code Referer}, or null (the CSRF check when there is no {@code Origin})
 * @param authorization {@code Authorization}, or null
 * @param cookie {@code Cookie}, or null
 * @param lastEventId {@code Last-Event-ID}, or null (the reconnection cursor)
 * @param contentType {@code Content-Type}, or null
 * @param ifNoneMatch {@code If-None-Match}, or null (the subscriptions API)
 * @param accept {@code Accept}, or null (the metrics format)
 * @param traceparent W3C Trace Context {@code traceparent}, or null (the parent of the request's span)
 * @param tracestate W3C Trace Context {@code tracestate}, or null
 */
public record RequestHead(HttpMethod method, RequestTarget target, HttpVersion version, boolean keepAlive,
        @Nullable String origin, @Nullable String referer, @Nullable String authorization, @Nullable String cookie,
        @Nullable String lastEventId, @Nullable String contentType, @Nullable String ifNoneMatch,
        @Nullable String accept, @Nullable String traceparent, @Nullable String tracestate) {

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    /** Copies what the hub reads; call it before the message may be released. */
    public static RequestHead of(HttpRequest request) {
        HttpHeaders h = request.headers();
        return new RequestHead(request.method(), RequestTarget.of(request.uri()), request.protocolVersion(),
                HttpUtil.isKeepAlive(request), h.get(HttpHeaderNames.ORIGIN), h.get(HttpHeaderNames.REFERER),
                h.get(HttpHeaderNames.AUTHORIZATION), h.get(HttpHeaderNames.COOKIE), h.get("Last-Event-ID"),
                h.get(HttpHeaderNames.CONTENT_TYPE), h.get(HttpHeaderNames.IF_NONE_MATCH), h.get(HttpHeaderNames.ACCEPT),
                h.get(TRACEPARENT), h.get(TRACESTATE));
    }

    /** The trace context headers the request carries, by their lower-case names (W3C Trace Context). */
    public Map<String, String> traceContext() {
        if (traceparent == null) {
            return Map.of();
        }
        return tracestate == null ? Map.of(TRACEPARENT, traceparent) : Map.of(TRACEPARENT, traceparent, TRACESTATE, tracestate);
    }

    public String path() {
        return target.path();
    }

    public boolean head() {
        return method.equals(HttpMethod.HEAD);
    }
}
