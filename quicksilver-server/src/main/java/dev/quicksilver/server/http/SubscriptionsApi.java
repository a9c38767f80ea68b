package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscription.Subscription;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.server.Hub;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 0.x subscriptions API: {@code /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]]},
 * JSON-LD documents with the {@code lastEventID} cursor. A token is required, and its subscribe
 * selectors must match the request path (the query string plays no part, unlike in 0.x where it
 * broke exact grants).
 */
public final class SubscriptionsApi {
    private static final String JSON_LD = "application/ld+json";

    private final Hub hub;
    private final Credentials credentials;
    private final Responses responses;

    public SubscriptionsApi(Hub hub, Credentials credentials, Responses responses) {
        this.hub = hub;
        this.credentials = credentials;
        this.responses = responses;
    }

    void handle(ChannelHandlerContext ctx, HttpRequest request, String path, FormData query) {
        Principal principal = credentials.identifiedSubscriber(request, query);
        if (!principal.grantsSubscribe(path)) {
            throw AuthException.insufficientScope("The token does not grant subscribing to " + path + ".");
        }
        List<String> segments = segments(path.substring(Subscriptions.BASE_PATH.length()));
        String lastEventId = hub.transport().history().lastEventId();
        Map<String, Object> document;
        if (segments.size() == 2) {
            Subscription s = hub.subscriptions().find(segments.get(0), segments.get(1))
                    .orElseThrow(() -> new HubException(404, "No such subscription."));
            document = s.document(true, lastEventId);
        } else {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Subscription s : hub.subscriptions().list(segments.isEmpty() ? null : segments.get(0))) {
                items.add(s.document(false, null));
            }
            document = new LinkedHashMap<>();
            document.put("@context", Subscription.CONTEXT);
            document.put("id", path);
            document.put("type", "Subscriptions");
            document.put("lastEventID", lastEventId);
            document.put("subscriptions", items);
        }
        String etag = "\"" + lastEventId.replace("\"", "%22") + "\"";
        FullHttpResponse response;
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (etag.equals(ifNoneMatch) || "*".equals(ifNoneMatch)) {
            response = responses.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
        } else {
            response = responses.response(HttpResponseStatus.OK, JSON_LD,
                    Json.write(document).getBytes(StandardCharsets.UTF_8));
        }
        response.headers().set(HttpHeaderNames.ETAG, etag);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache");
        responses.send(ctx, request, response);
    }

    /** The percent-decoded segments after the base path: none, {topic} or {topic}/{subscriber}. */
    private static List<String> segments(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length > 2) {
            throw new HubException(404, "No such resource.");
        }
        List<String> decoded = new ArrayList<>(parts.length);
        for (String part : parts) {
            decoded.add(percentDecode(part));
        }
        return decoded;
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(c & 0xFF);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HubException.badRequest("A path segment is not valid UTF-8.");
        }
    }
}
