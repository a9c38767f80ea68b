package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.auth.OAuthPrincipal;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.history.History;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscription.Subscription;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.core.topic.MatchType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
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
 * The subscriptions API in both shapes: 1.0's
 * {@code /.well-known/mercure/subscriptions[/{match_type}/{match}[/{subscriber}]]} (JSON, cursor in
 * the {@code Link} header) and, where 0.x is served, 0.x's
 * {@code /subscriptions[/{topic}[/{subscriber}]]} (JSON-LD, {@code lastEventID} property). Two
 * segments are 1.0's when the first is a match type, 0.x's otherwise; the bare collection takes the
 * shape of the token's era. A token is required, and it must grant subscribing to the request path
 * (the query string plays no part, unlike in 0.x where it broke exact grants).
 */
public final class SubscriptionsApi {
    private static final String JSON_LD = "application/ld+json";
    private static final String JSON = "application/json";

    private final Subscriptions subscriptions;
    private final History history;
    private final boolean legacy;
    private final Responses responses;

    /**
     * @param history where the cursor comes from: the newest event's id
     * @param legacy whether 0.x is served (then the bare collection may take its shape)
     */
    public SubscriptionsApi(Subscriptions subscriptions, History history, boolean legacy, Responses responses) {
        this.subscriptions = subscriptions;
        this.history = history;
        this.legacy = legacy;
        this.responses = responses;
    }

    void handle(ChannelHandlerContext ctx, RequestHead request, String path, Principal principal) {
        if (!principal.grantsSubscribe(path)) {
            throw AuthException.insufficientScope("The token does not grant subscribing to " + path + ".");
        }
        List<String> segments = segments(path.substring(Subscriptions.BASE_PATH.length()));
        String lastEventId = history.lastEventId();
        boolean modernClient = principal instanceof OAuthPrincipal || !legacy;
        MatchType type = segments.isEmpty() ? null : MatchType.ofLabel(segments.get(0));
        Object document;
        boolean modern;
        switch (segments.size()) {
            case 0 -> {
                modern = modernClient;
                document = collection(path, modern, null, null, lastEventId);
            }
            case 1 -> {
                if (!legacy || modernClient) {
                    throw new HubException(404, "No such resource.");
                }
                modern = false;
                document = collection(path, false, null, segments.get(0), lastEventId);
            }
            case 2 -> {
                if (type == null && !legacy) {
                    throw HubException.badRequest("Unknown match type \"" + segments.get(0) + "\".");
                }
                modern = type != null;
                document = modern ? collection(path, true, type, segments.get(1), lastEventId)
                        : subscriptions.find(MatchType.TOPIC, segments.get(0), segments.get(1))
                                .orElseThrow(SubscriptionsApi::notFound).document(true, lastEventId);
            }
            default -> {
                if (type == null) {
                    throw HubException.badRequest("Unknown match type \"" + segments.get(0) + "\".");
                }
                modern = true;
                document = subscriptions.find(type, segments.get(1), segments.get(2))
                        .orElseThrow(SubscriptionsApi::notFound).document(true, null);
            }
        }
        String etag = "\"" + Subscriptions.encodeSegment(lastEventId) + "\"";
        FullHttpResponse response;
        String ifNoneMatch = request.ifNoneMatch();
        if (etag.equals(ifNoneMatch) || "*".equals(ifNoneMatch)) {
            response = responses.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
        } else {
            response = responses.response(HttpResponseStatus.OK, modern ? JSON : JSON_LD,
                    Json.write(document).getBytes(StandardCharsets.UTF_8));
        }
        response.headers().set(HttpHeaderNames.ETAG, etag);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache");
        if (modern) {
            // 1.0's cursor: subscribe from here to follow the subscriptions without missing a change.
            response.headers().set("Link", "</.well-known/mercure>; rel=\"mercure\"; last-event-id=\""
                    + lastEventId.replace("\"", "%22") + "\"; type=\"mercure\"; content-type=\"application/json\"");
        }
        responses.send(ctx, request, response);
    }

    private Map<String, Object> collection(String path, boolean modern, MatchType type, String match, String lastEventId) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Subscription s : subscriptions.list(modern, type, match)) {
            items.add(s.document(false, null));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        if (!modern) {
            document.put("@context", Subscription.CONTEXT);
        }
        document.put("id", path);
        document.put("type", modern ? "subscriptions" : "Subscriptions");
        if (!modern) {
            document.put("lastEventID", lastEventId);
        }
        document.put("subscriptions", items);
        return document;
    }

    private static HubException notFound() {
        return new HubException(404, "No such subscription.");
    }

    /** The percent-decoded segments after the base path: none, {topic} or {topic}/{subscriber}. */
    private static List<String> segments(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length > 3) {
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
