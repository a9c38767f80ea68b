package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.auth.OAuthPrincipal;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.history.History;
import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscription.ClusterSubscriptions;
import dev.quicksilver.core.subscription.RemoteSubscription;
import dev.quicksilver.core.subscription.SubscriptionCollection;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.core.topic.MatchType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The subscriptions API in both shapes: 1.0's
 * {@code /.well-known/mercure/subscriptions[/{match_type}/{match}[/{subscriber}]]} (JSON, cursor in
 * the {@code Link} header) and, where 0.x is served, 0.x's
 * {@code /subscriptions[/{topic}[/{subscriber}]]} (JSON-LD, {@code lastEventID} property). Two
 * segments are 1.0's when the first is a match type, 0.x's otherwise; the bare collection takes the
 * shape of the token's era. A token is required, and it must grant subscribing to the request path
 * (the query string plays no part, unlike in 0.x where it broke exact grants).
 *
 * <p>A collection is complete in every answer, however large: it is written as it is read from the
 * registry, a part at a time as the connection takes it ({@link StreamedAnswer}), never built whole,
 * so a hub with thousands of subscribers of hundreds of selectors each answers it in bounded memory
 * (docs/configuration.md "Large collections"). The validator ({@code ETag}) is the cursor, known
 * before the first byte of the body: a 304 costs no listing at all.
 */
public final class SubscriptionsApi {
    private static final String JSON_LD = "application/ld+json";
    private static final String JSON = "application/json";

    private final Subscriptions subscriptions;
    private final @Nullable ClusterSubscriptions cluster;
    private final History history;
    private final boolean legacy;
    private final StreamedAnswer.Setup answers;

    /**
     * @param cluster the other nodes' subscriptions, listed in collections too; null on a hub on its own
     * @param history where the cursor comes from: the newest event's id
     * @param legacy whether 0.x is served (then the bare collection may take its shape)
     * @param answers how collections are written
     */
    SubscriptionsApi(Subscriptions subscriptions, @Nullable ClusterSubscriptions cluster, History history,
            boolean legacy, StreamedAnswer.Setup answers) {
        this.subscriptions = subscriptions;
        this.cluster = cluster;
        this.history = history;
        this.legacy = legacy;
        this.answers = answers;
    }

    void handle(ChannelHandlerContext ctx, RequestHead request, String path, Principal principal) {
        if (!principal.grantsSubscribe(path)) {
            throw AuthException.insufficientScope("The token does not grant subscribing to " + path + ".");
        }
        List<String> segments = segments(path.substring(Subscriptions.BASE_PATH.length()));
        String lastEventId = history.lastEventId();
        boolean modernClient = principal instanceof OAuthPrincipal || !legacy;
        MatchType type = segments.isEmpty() ? null : MatchType.ofLabel(segments.get(0));
        SubscriptionCollection collection = null;
        Map<String, Object> single = null;
        boolean modern;
        switch (segments.size()) {
            case 0 -> {
                modern = modernClient;
                collection = collection(path, modern, null, null, lastEventId);
            }
            case 1 -> {
                if (!legacy || modernClient) {
                    throw new HubException(404, "No such resource.");
                }
                modern = false;
                collection = collection(path, false, null, segments.get(0), lastEventId);
            }
            case 2 -> {
                if (type == null && !legacy) {
                    throw HubException.badRequest("Unknown match type \"" + segments.get(0) + "\".");
                }
                modern = type != null;
                if (modern) {
                    collection = collection(path, true, type, segments.get(1), lastEventId);
                } else {
                    single = subscriptions.find(MatchType.TOPIC, segments.get(0), segments.get(1))
                            .orElseThrow(SubscriptionsApi::notFound).document(true, lastEventId);
                }
            }
            default -> {
                if (type == null) {
                    throw HubException.badRequest("Unknown match type \"" + segments.get(0) + "\".");
                }
                modern = true;
                single = subscriptions.find(type, segments.get(1), segments.get(2))
                        .orElseThrow(SubscriptionsApi::notFound).document(true, null);
            }
        }
        String etag = "\"" + Subscriptions.encodeSegment(lastEventId) + "\"";
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ETAG, etag);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache");
        if (modern) {
            // 1.0's cursor: subscribe from here to follow the subscriptions without missing a change.
            headers.set("Link", "</.well-known/mercure>; rel=\"mercure\"; last-event-id=\""
                    + lastEventId.replace("\"", "%22") + "\"; type=\"mercure\"; content-type=\"application/json\"");
        }
        String ifNoneMatch = request.ifNoneMatch();
        if (etag.equals(ifNoneMatch) || "*".equals(ifNoneMatch)) {
            send(ctx, request, answers.responses().response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]),
                    headers);
        } else if (single != null) {
            send(ctx, request, answers.responses().response(HttpResponseStatus.OK, modern ? JSON : JSON_LD,
                    Json.write(single).getBytes(StandardCharsets.UTF_8)), headers);
        } else {
            headers.set(HttpHeaderNames.CONTENT_TYPE, modern ? JSON : JSON_LD);
            SubscriptionCollection local = collection;
            if (cluster == null) {
                StreamedAnswer.send(answers, ctx, request, headers, local::writeNext);
                return;
            }
            // The other nodes' subscriptions are read from the cluster's store first, off the event loop.
            MatchType wantedType = segments.size() == 2 ? type : null;
            String wantedMatch = segments.isEmpty() ? null : segments.get(segments.size() == 2 ? 1 : 0);
            boolean era = modern;
            OnLoop.then(ctx, request, answers.responses(), others(), remote -> {
                local.withOthers(remote.stream().filter(r -> r.kept(era, wantedType, wantedMatch)).toList());
                StreamedAnswer.send(answers, ctx, request, headers, local::writeNext);
            });
        }
    }

    /** The other nodes' subscriptions; a 503 (the client may retry) when the cluster's store cannot be read. */
    private CompletionStage<List<RemoteSubscription>> others() {
        return cluster.others().handle((remote, error) -> {
            if (error != null) {
                throw HubException.unavailable("The subscriptions of the other nodes cannot be read now; try again "
                        + "later.", 1);
            }
            return remote;
        });
    }

    private void send(ChannelHandlerContext ctx, RequestHead request, FullHttpResponse response, HttpHeaders headers) {
        response.headers().add(headers);
        answers.responses().send(ctx, request, response);
    }

    private SubscriptionCollection collection(String path, boolean modern, MatchType type, String match,
            String lastEventId) {
        return new SubscriptionCollection(path, modern, lastEventId, subscriptions.listing(modern, type, match));
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
