package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.subscription.Subscription;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.server.Hub;
import dev.quicksilver.server.sse.SseSubscriber;
import dev.quicksilver.server.sse.Shard;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET} (and {@code HEAD}) on the hub: opens an SSE stream for the requested topic selectors,
 * replaying history first when the client sends a cursor. Runs on the connection's event loop.
 */
public final class SubscribeHandler {

    private final Hub hub;
    /** The shard of each event loop. */
    private final java.util.function.Function<io.netty.channel.EventLoop, Shard> shards;
    private final Credentials credentials;
    private final Responses responses;

    public SubscribeHandler(Hub hub, Credentials credentials, Responses responses,
            java.util.function.Function<io.netty.channel.EventLoop, Shard> shards) {
        this.hub = hub;
        this.shards = shards;
        this.credentials = credentials;
        this.responses = responses;
    }

    /**
     * @param query the query string's fields
     * @param body the form body of a {@code QUERY} request (empty otherwise); its fields are added
     *     to the query's, and a cursor in the query wins over one in the body
     */
    void handle(ChannelHandlerContext ctx, HttpRequest request, FormData query, FormData body, boolean head) {
        FormData params = FormData.union(query, body);
        List<Matcher> matchers = hub.subscribeForm().read(params);
        String lastEventId = lastEventId(request, query, body);
        String client = client(ctx);
        OnLoop.then(ctx, request, responses, credentials.subscriber(request, params), principal -> {
            if (head) {
                FullHttpResponse response = responses.response(HttpResponseStatus.OK, "text/event-stream", new byte[0]);
                streamHeaders(response.headers());
                response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                response.headers().remove(HttpHeaderNames.CONNECTION);
                responses.send(ctx, request, response);
                return;
            }
            String limitKey = principal.client() != null ? "sub:" + principal.client() : client;
            String refused = hub.streamLimits().acquire(limitKey);
            if (refused != null) {
                throw new HubException(429, refused);
            }
            open(ctx, request, principal, matchers, lastEventId, limitKey);
        });
    }

    private void open(ChannelHandlerContext ctx, HttpRequest request, Principal principal, List<Matcher> matchers,
            String lastEventId, String limitKey) {
        HubPipeline.becomeStream(ctx.pipeline());
        Shard shard = shards.apply(ctx.channel().eventLoop());
        SseSubscriber subscriber = new SseSubscriber(LocalTransport.generateId(), matchers, principal, ctx.channel(),
                shard, deadline(principal), hub.config().subscriberBuffer(), limitKey, gone -> {
                    shard.remove(gone);
                    hub.subscriptions().remove(gone);
                    hub.streamLimits().release(limitKey);
                    announce(gone, false);
                });
        subscriber.attach();
        ctx.pipeline().remove(HubPipeline.HUB); // the connection is the stream's now
        shard.add(subscriber);
        hub.subscriptions().add(subscriber);
        announce(subscriber, true);

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        streamHeaders(response.headers());
        responses.cors().apply(request, response.headers());
        if (lastEventId == null) {
            subscriber.open(response);
            subscriber.goLive();
            return;
        }
        hub.transport().history().after(lastEventId).whenComplete((replay, error) -> ctx.executor().execute(() -> {
            Replay r = error == null ? replay : Replay.unknown();
            // 0.x clients read Last-Event-ID, 1.0 clients Mercure-Last-Event-ID: send both.
            String cursor = r.found() ? lastEventId : Replay.EARLIEST;
            response.headers().set("Last-Event-ID", cursor);
            response.headers().set("Mercure-Last-Event-ID", cursor);
            subscriber.open(response);
            subscriber.replay(r.events());
        }));
    }

    private static String client(ChannelHandlerContext ctx) {
        java.net.SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof java.net.InetSocketAddress a ? "addr:" + a.getAddress().getHostAddress() : "addr:?";
    }

    /** Publishes the subscription's start or end, when subscription events are on. */
    public void announce(SseSubscriber subscriber, boolean active) {
        if (!hub.config().subscriptions()) {
            return;
        }
        for (Matcher matcher : subscriber.matchers()) {
            Subscription s = new Subscription(subscriber, matcher, active);
            hub.transport().publishSubscriptionEvent(s.announcement());
        }
    }

    /**
     * The reconnection cursor: the header, then {@code last_event_id} (1.0), {@code lastEventID}
     * (0.x), {@code Last-Event-ID} (seed era), each from the query before a {@code QUERY} body. An empty query value still asks for a cursor (and
     * gets {@code earliest}); an empty header is ignored, as browsers never send one.
     */
    static String lastEventId(HttpRequest request, FormData query, FormData body) {
        String header = request.headers().get("Last-Event-ID");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        for (String name : new String[] {"last_event_id", "lastEventID", "Last-Event-ID"}) {
            for (FormData source : new FormData[] {query, body}) {
                String value = source.first(name);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** The stream ends when the token expires, or at a random 80-100% of its longest life so reconnections spread. */
    private long deadline(Principal principal) {
        long now = System.nanoTime();
        long deadline = 0;
        long lifetime = hub.config().writeTimeout().toNanos();
        if (lifetime > 0) {
            deadline = now + (long) (lifetime * ThreadLocalRandom.current().nextDouble(0.8, 1.0));
        }
        Instant exp = principal.expiresAt();
        if (exp != null) {
            long untilExp = TimeUnit.MILLISECONDS.toNanos(Math.max(0, exp.toEpochMilli() - hub.clock().millis()));
            deadline = deadline == 0 ? now + untilExp : Math.min(deadline, now + untilExp);
        }
        return deadline == 0 ? 0 : Math.max(deadline, 1);
    }

    private static void streamHeaders(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "private, no-cache, no-store, must-revalidate, max-age=0");
        headers.set(HttpHeaderNames.PRAGMA, "no-cache");
        headers.set(HttpHeaderNames.EXPIRES, "0");
        headers.set("X-Accel-Buffering", "no");
        headers.set(HttpHeaderNames.CONNECTION, "keep-alive");
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        headers.set("X-Content-Type-Options", "nosniff");
    }
}
