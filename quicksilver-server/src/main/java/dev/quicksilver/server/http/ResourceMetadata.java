package dev.quicksilver.server.http;

import dev.quicksilver.core.auth.AuthorizationDetails;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.server.Hub;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9728 protected resource metadata: tells a 1.0 client which authorization servers issue
 * tokens for this hub, how to send them, and Mercure's extensions (the cookie name, whether
 * subscriptions are served). Served where 1.0 issuers are configured.
 */
public final class ResourceMetadata {
    public static final String PATH = "/.well-known/oauth-protected-resource/.well-known/mercure";

    private ResourceMetadata() {}

    /** Where the metadata of the hub at this public URL lives: the well-known path on its origin. */
    public static String url(String publicUrl) {
        URI uri = URI.create(publicUrl);
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return origin + "/.well-known/oauth-protected-resource" + path;
    }

    static void send(ChannelHandlerContext ctx, HttpRequest request, Hub hub, Responses responses) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("resource", hub.publicUrl());
        List<String> servers = hub.authorizationServers();
        if (!servers.isEmpty()) {
            doc.put("authorization_servers", servers);
        }
        doc.put("bearer_methods_supported", List.of("header"));
        doc.put("authorization_details_types_supported", List.of(AuthorizationDetails.TYPE));
        doc.put("mercure_cookie", hub.config().auth().accessTokenCookie());
        if (hub.config().features().subscriptions()) {
            doc.put("mercure_subscriptions", true);
        }
        FullHttpResponse response = responses.response(HttpResponseStatus.OK, "application/json",
                Json.write(doc).getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300");
        responses.send(ctx, request, response);
    }
}
