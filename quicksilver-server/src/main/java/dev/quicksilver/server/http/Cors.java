package dev.quicksilver.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin access for browsers. Listed origins get credentials (cookies), so a page on another
 * origin can use {@code withCredentials}; {@code *} allows any origin without credentials, as
 * browsers require. Headers clients read (the reconnection cursor, {@code Link}) are exposed.
 */
public final class Cors {
    static final String ALLOWED_METHODS = "GET, HEAD, POST, QUERY, OPTIONS";
    static final String ALLOWED_HEADERS = "authorization, cache-control, content-type, last-event-id";
    static final String EXPOSED_HEADERS = "Last-Event-ID, Mercure-Last-Event-ID, Link";

    private final List<String> origins;
    private final boolean any;

    public Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
        this.any = origins.contains("*");
    }

    /** Adds the CORS response headers for a request from this origin (null: none), if it is allowed. */
    public void apply(@Nullable String origin, HttpHeaders response) {
        if (origin == null) {
            return;
        }
        if (origins.contains(origin)) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            // Once: a preflight applies these headers, then its answer is sent through the same path.
            if (!response.containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN, true)) {
                response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            }
        } else if (any) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            return;
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    public boolean allows(@Nullable String origin) {
        return origin != null && (any || origins.contains(origin));
    }

    /** Headers of a preflight answer, for an allowed origin. */
    public void preflight(@Nullable String origin, HttpHeaders response) {
        apply(origin, response);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "7200");
    }
}
