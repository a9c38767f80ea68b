package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.server.Playground;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Pages that are not the protocol: {@code /healthz}, {@code /readyz}, the page at {@code /} (the debugger when it is
 * on, a short welcome otherwise), and in demo mode the seed era's {@code /demo/} documents, which
 * echo a {@code body}, advertise the hub with a {@code Link} header and can set the authorization
 * cookie from a {@code jwt} parameter (for trying private and targeted updates in a browser).
 */
public final class StaticPages {
    private static final Map<String, String> TYPES = Map.of(
            "jsonld", "application/ld+json", "json", "application/json", "html", "text/html; charset=utf-8",
            "xml", "application/xml", "txt", Responses.TEXT, "csv", "text/csv");

    public static final String HEALTH_PATH = "/healthz";
    /** Readiness, apart from liveness ({@link #HEALTH_PATH}): see {@link Readiness}. */
    public static final String READY_PATH = "/readyz";
    /**
     * Liveness alone: 200 while the process answers HTTP, whatever the store or the cluster
     * transport says. An orchestrator restarts on this one; restarting every node during a Redis
     * or disk outage would only cut the streams that are still being served.
     */
    public static final String LIVE_PATH = "/livez";
    /** Where the debugger page lives; safe to serve in production, it holds no secret. */
    public static final String DEBUGGER_PATH = "/.well-known/mercure/debug/";
    /** Where the debugger page gets a playground token from, in playground mode only. */
    public static final String PLAYGROUND_TOKEN_PATH = DEBUGGER_PATH + "token";

    private final boolean ui;
    private final boolean demo;
    private final String cookieName;
    private final @Nullable Playground playground;
    private final Supplier<String> publicUrl;
    private final Supplier<Health> health;
    private final Readiness readiness;
    private final Responses responses;
    private final byte[] debugger;
    private final byte[] welcome;

    /**
     * @param ui whether the debugger page is served
     * @param demo whether demo mode is on (debugger at {@code /}, demo documents)
     * @param legacy whether 0.x is served (the welcome page then mentions {@code topic=})
     * @param cookieName the cookie the demo documents set
     * @param playground the playground's token minter, or null when the playground is off
     * @param publicUrl the hub's public URL, the audience of playground tokens
     * @param health whether updates can be stored now, for {@code /healthz}
     * @param readiness whether the hub should be sent traffic now, for {@code /readyz}
     */
    public StaticPages(boolean ui, boolean demo, boolean legacy, String cookieName, @Nullable Playground playground, Supplier<String> publicUrl,
            Supplier<Health> health, Readiness readiness, Responses responses) {
        this.ui = ui;
        this.demo = demo;
        this.cookieName = cookieName;
        this.playground = playground;
        this.publicUrl = publicUrl;
        this.health = health;
        this.readiness = readiness;
        this.responses = responses;
        this.debugger = resource("debugger.html");
        this.welcome = welcome(ui, legacy);
    }

    /**
     * The page at {@code /} outside demo mode, saying where this hub's debugger is (or how to turn it
     * on) and which subscribe parameters it serves.
     */
    private static byte[] welcome(boolean ui, boolean legacy) {
        String debugger = ui
                ? "The debugger page is at <a href=\"" + DEBUGGER_PATH + "\"><code>" + DEBUGGER_PATH + "</code></a>."
                : "The debugger page is off; start the hub with <code>QUICKSILVER_UI=1</code> to serve it at <code>"
                        + DEBUGGER_PATH + "</code>, or with <code>DEMO=1</code> (development) to serve it here.";
        String subscribe = "<code>GET /.well-known/mercure?match=…</code>"
                + (legacy ? " (or the 0.x <code>?topic=…</code>)" : "");
        return new String(resource("welcome.html"), StandardCharsets.UTF_8).replace("{{debugger}}", debugger)
                .replace("{{subscribe}}", subscribe).getBytes(StandardCharsets.UTF_8);
    }

    /** @return false when the path is not one of these pages */
    boolean handle(ChannelHandlerContext ctx, RequestHead request, String path, Supplier<FormData> query) {
        if (path.equals(HEALTH_PATH)) {
            responses.health(ctx, request, health.get());
            return true;
        }
        if (path.equals(READY_PATH)) {
            responses.readiness(ctx, request, readiness.now());
            return true;
        }
        if (path.equals(LIVE_PATH)) {
            responses.health(ctx, request, Health.OK);
            return true;
        }
        if (path.equals(PLAYGROUND_TOKEN_PATH) && playground != null) {
            String token = playground.mint(publicUrl.get());
            FullHttpResponse response = responses.response(HttpResponseStatus.OK, "application/json",
                    Json.write(Map.of("access_token", token, "token_type", "Bearer",
                            "expires_in", Playground.LIFETIME.toSeconds())).getBytes(StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            responses.send(ctx, request, response);
            return true;
        }
        boolean debuggerPath = ui && (path.equals(DEBUGGER_PATH) || path.equals(DEBUGGER_PATH.substring(0,
                DEBUGGER_PATH.length() - 1)));
        if (path.equals("/") || debuggerPath) {
            FullHttpResponse response = responses.response(HttpResponseStatus.OK, Responses.HTML,
                    debuggerPath || demo ? debugger : welcome);
            response.headers().set("Content-Security-Policy",
                    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                            + "connect-src *; frame-ancestors 'none'");
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            responses.send(ctx, request, response);
            return true;
        }
        if (demo && path.startsWith("/demo/")) {
            demo(ctx, request, path, query.get());
            return true;
        }
        return false;
    }

    private void demo(ChannelHandlerContext ctx, RequestHead request, String path, FormData query) {
        String body = query.first("body");
        String extension = path.lastIndexOf('.') > path.lastIndexOf('/') ? path.substring(path.lastIndexOf('.') + 1) : "";
        FullHttpResponse response = responses.response(HttpResponseStatus.OK,
                TYPES.getOrDefault(extension, Responses.TEXT),
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
        response.headers().add("Link", "</.well-known/mercure>; rel=\"mercure\"");
        response.headers().add("Link", "<" + path + ">; rel=\"self\"");
        String jwt = query.first("jwt");
        for (String cookiePath : new String[] {"/.well-known/mercure", "/hub"}) {
            DefaultCookie cookie = new DefaultCookie(cookieName, jwt == null ? "" : jwt);
            cookie.setPath(cookiePath);
            cookie.setHttpOnly(true);
            cookie.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
            if (jwt == null) {
                cookie.setMaxAge(0);
            }
            response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
        }
        responses.send(ctx, request, response);
    }

    private static byte[] resource(String name) {
        try (InputStream in = StaticPages.class.getResourceAsStream("/dev/quicksilver/server/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HubException notFound() {
        return new HubException(404, "Not found.");
    }
}
