package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.subscriber.SubscribeForm;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.server.sse.Shard;
import dev.quicksilver.server.sse.SseSubscriber;
import dev.quicksilver.server.tracing.HubTraces;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.api.trace.Span;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET} (and {@code HEAD}) on the hub: opens an SSE stream for the requested topic selectors,
 * replaying history first when the client sends a cursor. Runs on the connection's event loop.
 * With traces on, the opening of a stream is a span (not its whole life: it ends once the stream
 * is open and its replay handed to it).
 */
public final class SubscribeHandler {
    /** How long a client refused a replay waits before reconnecting: the store is usually back within seconds. */
    static final int REPLAY_RETRY_AFTER_SECONDS = 1;

    private final SubscribeForm subscribeForm;
    private final Credentials credentials;
    private final Responses responses;
    private final StreamLimits streamLimits;
    /** The shard of each event loop. */
    private final Function<EventLoop, Shard> shards;
    private final History history;
    private final ActiveSubscriptions active;
    private final SseSubscriber.Setup setup;
    private final Duration maxLife;
    private final Clock clock;
    private final HubTraces traces;

    /**
     * @param maxLife the longest life of a stream, {@link Duration#ZERO} for none
     * @param clock what token expiry is measured against
     */
    public SubscribeHandler(SubscribeForm subscribeForm, Credentials credentials, Responses responses,
            StreamLimits streamLimits, Function<EventLoop, Shard> shards, History history, ActiveSubscriptions active,
            SseSubscriber.Setup setup, Duration maxLife, Clock clock, HubTraces traces) {
        this.subscribeForm = subscribeForm;
        this.credentials = credentials;
        this.responses = responses;
        this.streamLimits = streamLimits;
        this.shards = shards;
        this.history = history;
        this.active = active;
        this.setup = setup;
        this.maxLife = maxLife;
        this.clock = clock;
        this.traces = traces;
    }

    /**
     * @param query the query string's fields
     * @param body the form body of a {@code QUERY} request (empty otherwise); its fields are added
     *     to the query's, and a cursor in the query wins over one in the body
     */
    void handle(ChannelHandlerContext ctx, RequestHead request, FormData query, FormData body) {
        Span span = traces.startRequest("subscribe", request.method().name(), request.path(), request.traceContext());
        try {
            subscribe(ctx, request, query, body, span);
        } catch (RuntimeException e) {
            HubTraces.endRequest(span, HubTraces.status(e));
            throw e;
        }
    }

    /** @param span the subscribe span, or null when traces are off */
    private void subscribe(ChannelHandlerContext ctx, RequestHead request, FormData query, FormData body,
            @Nullable Span span) {
        FormData params = FormData.union(query, body);
        List<Matcher> matchers = subscribeForm.read(params);
        if (span != null) {
            span.setAttribute(HubTraces.SELECTORS, (long) matchers.size());
        }
        String lastEventId = lastEventId(request, query, body);
        String client = client(ctx);
        Span authorize = traces.startStep("authorize", span);
        CompletionStage<Principal> authorized = credentials.subscriber(request, params);
        if (span != null) {
            authorized = authorized.whenComplete((principal, error) -> {
                HubTraces.endStep(authorize, error);
                if (error != null) {
                    HubTraces.endRequest(span, HubTraces.status(error));
                }
            });
        }
        OnLoop.then(ctx, request, responses, authorized, principal -> {
            try {
                opened(ctx, request, principal, matchers, lastEventId, client, span);
            } catch (RuntimeException e) {
                HubTraces.endRequest(span, HubTraces.status(e));
                throw e;
            }
        });
    }

    private void opened(ChannelHandlerContext ctx, RequestHead request, Principal principal, List<Matcher> matchers,
            String lastEventId, String client, @Nullable Span span) {
            if (request.head()) {
                FullHttpResponse response = responses.response(HttpResponseStatus.OK, "text/event-stream", new byte[0]);
                streamHeaders(response.headers());
                response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                response.headers().remove(HttpHeaderNames.CONNECTION);
                responses.send(ctx, request, response);
                HubTraces.endRequest(span, 200);
                return;
            }
            String limitKey = principal.client() != null ? "sub:" + principal.client() : client;
            String refused = streamLimits.acquire(limitKey);
            if (refused != null) {
                throw new HubException(429, refused);
            }
            open(ctx, request, principal, matchers, lastEventId, limitKey, span);
    }

    private void open(ChannelHandlerContext ctx, RequestHead request, Principal principal, List<Matcher> matchers,
            String lastEventId, String limitKey, @Nullable Span span) {
        Shard shard = shards.apply(ctx.channel().eventLoop());
        SseSubscriber subscriber = new SseSubscriber(LocalTransport.generateId(), matchers, principal, ctx.channel(),
                shard, deadline(principal), setup, limitKey, gone -> {
                    shard.remove(gone);
                    streamLimits.release(limitKey);
                    active.removed(gone);
                });
        subscriber.attach(); // the connection is the stream's now: the router has left the pipeline
        shard.add(subscriber);
        active.added(subscriber);

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        streamHeaders(response.headers());
        responses.cors().apply(request.origin(), response.headers());
        if (lastEventId == null) {
            subscriber.open(response);
            subscriber.goLive();
            HubTraces.endRequest(span, 200);
            return;
        }
        Span replay = traces.startStep("replay", span);
        history.after(lastEventId).whenComplete((r, error) -> ctx.executor().execute(() -> {
            if (replay != null && r != null) {
                replay.setAttribute(HubTraces.REPLAYED, (long) r.events().size());
                replay.setAttribute(HubTraces.CURSOR_FOUND, r.found());
            }
            HubTraces.endStep(replay, error);
            if (error != null) {
                // The history could not be read (its store is unreachable): answering earliest would
                // make the client skip what it missed. A 503 makes EventSource and the SDKs retry.
                subscriber.refuse(replayUnavailable(request));
                HubTraces.endRequest(span, 503);
                return;
            }
            // 0.x clients read Last-Event-ID, 1.0 clients Mercure-Last-Event-ID: send both.
            String cursor = r.found() ? lastEventId : Replay.EARLIEST;
            response.headers().set("Last-Event-ID", cursor);
            response.headers().set("Mercure-Last-Event-ID", cursor);
            subscriber.open(response);
            subscriber.replay(r.events());
            HubTraces.endRequest(span, 200);
        }));
    }

    private FullHttpResponse replayUnavailable(RequestHead request) {
        FullHttpResponse response = responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "The history cannot be read now, so the events after Last-Event-ID cannot be replayed; "
                + "try again later.");
        response.headers().setInt(HttpHeaderNames.RETRY_AFTER, REPLAY_RETRY_AFTER_SECONDS);
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        responses.decorate(request, response.headers());
        return response;
    }

    private static String client(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress a ? "addr:" + a.getAddress().getHostAddress() : "addr:?";
    }

    /**
     * The reconnection cursor: the header, then {@code last_event_id} (1.0), {@code lastEventID}
     * (0.x), {@code Last-Event-ID} (seed era), each from the query before a {@code QUERY} body. An empty query value still asks for a cursor (and
     * gets {@code earliest}); an empty header is ignored, as browsers never send one.
     */
    static String lastEventId(RequestHead request, FormData query, FormData body) {
        String header = request.lastEventId();
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
        long lifetime = maxLife.toNanos();
        if (lifetime > 0) {
            deadline = now + (long) (lifetime * ThreadLocalRandom.current().nextDouble(0.8, 1.0));
        }
        Instant exp = principal.expiresAt();
        if (exp != null) {
            long untilExp = TimeUnit.MILLISECONDS.toNanos(Math.max(0, exp.toEpochMilli() - clock.millis()));
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
