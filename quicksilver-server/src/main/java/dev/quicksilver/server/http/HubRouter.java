package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.server.Hub;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.sse.Shard;
import dev.quicksilver.server.sse.SseSubscriber;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request: the hub URL ({@code /.well-known/mercure}, and {@code /hub} for the seed era)
 * to subscribe or publish, the subscriptions API, then the other pages. Turns refusals into answers
 * and owns the stream's end of life. Shared by every connection; runs on their event loops.
 */
@ChannelHandler.Sharable
public final class HubRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HubRouter.class);
    private static final String HUB_PATH = "/.well-known/mercure";
    private static final String SEED_HUB_PATH = "/hub";
    private static final String HUB_METHODS = "GET, HEAD, POST, QUERY, OPTIONS";
    /** The HTTP QUERY method: a safe request with a body, here a form of subscribe parameters. */
    static final HttpMethod QUERY = HttpMethod.valueOf("QUERY");

    private final Responses responses;
    private final Credentials credentials;
    private final FormParser formParser;
    private final SubscribeHandler subscribe;
    private final PublishHandler publish;
    /** The subscriptions API, or null when subscriptions are off. */
    private final @Nullable SubscriptionsApi subscriptionsApi;
    /** The RFC 9728 metadata, or null when no 1.0 access token is accepted. */
    private final @Nullable ResourceMetadata metadata;
    private final StaticPages pages;
    /** Serves /metrics on this port, or null when metrics are off or on their own listener. */
    private final @Nullable MetricsPage metrics;
    /** What the debugger page asks the hub, or null when the page is not served. */
    private final @Nullable DebuggerData debugger;

    /**
     * @param credentials the token finder, for the subscriptions API's own check
     * @param formParser parses query strings and {@code QUERY} bodies
     * @param subscriptionsApi null when subscriptions are off
     * @param metadata null when no 1.0 access token is accepted
     * @param metrics null when metrics are not served on this port
     * @param debugger null when the debugger page is not served
     */
    HubRouter(Responses responses, Credentials credentials, FormParser formParser, SubscribeHandler subscribe,
            PublishHandler publish, @Nullable SubscriptionsApi subscriptionsApi, @Nullable ResourceMetadata metadata,
            StaticPages pages, @Nullable MetricsPage metrics, @Nullable DebuggerData debugger) {
        this.responses = responses;
        this.credentials = credentials;
        this.formParser = formParser;
        this.subscribe = subscribe;
        this.publish = publish;
        this.subscriptionsApi = subscriptionsApi;
        this.metadata = metadata;
        this.pages = pages;
        this.metrics = metrics;
        this.debugger = debugger;
    }

    /**
     * The router of this hub, each handler given only its collaborators: the one place where the
     * HTTP layer reads the {@link Hub}.
     *
     * @param shards the shard of each event loop
     */
    public static HubRouter of(Hub hub, Function<EventLoop, Shard> shards) {
        HubConfig config = hub.config();
        Responses responses = new Responses(new Cors(config.cors().origins()),
                () -> hub.acceptsAccessTokens() ? ResourceMetadata.url(hub.publicUrl()) : null, hub.metrics()::refused);
        Credentials credentials = new Credentials(hub.publishers(), hub.subscribers(), config.auth().anonymous(),
                List.of(config.auth().accessTokenCookie(), config.auth().cookieName(), "mercureAuthorization"),
                config.auth().authorizationQuery(), config.auth().publishOrigins());
        SseSubscriber.Setup streams = new SseSubscriber.Setup(HubPipeline.STREAM_STAGES,
                config.streams().subscriberBuffer(), config.streams().directSend());
        SubscribeHandler subscribe = new SubscribeHandler(hub.subscribeForm(), credentials, responses,
                hub.streamLimits(), shards, hub.transport().history(), hub.activeSubscriptions(), streams,
                config.streams().maxLife(), hub.clock(), hub.traces());
        PublishHandler publish = new PublishHandler(credentials, responses, hub.formParser(), hub.publishForm(),
                hub.targetsEnabled(), hub.admission(), hub.transport(), hub.metrics(), hub.traces());
        SubscriptionsApi subscriptionsApi = config.features().subscriptions()
                ? new SubscriptionsApi(hub.subscriptions(), hub.transport().clusterSubscriptions(),
                        hub.transport().history(), config.features().legacy(),
                        new StreamedAnswer.Setup(responses, HubPipeline.STREAM_STAGES,
                                config.limits().readTimeout().toNanos()))
                : null;
        ResourceMetadata metadata = hub.acceptsAccessTokens() ? new ResourceMetadata(hub::publicUrl,
                hub.authorizationServers(), config.auth().accessTokenCookie(), config.features().subscriptions(), responses) : null;
        StaticPages pages = new StaticPages(config.features().ui(), config.features().demo(), config.features().legacy(),
                config.auth().cookieName(), hub.playground(),
                hub::publicUrl, hub.transport()::health, hub.readiness(), responses);
        MetricsPage metrics = config.metrics().enabled() && config.metrics().addr() == null
                ? new MetricsPage(hub.metrics(), responses) : null;
        DebuggerData debugger = config.features().ui() || config.features().demo()
                ? new DebuggerData(config, hub::publicUrl, hub.metrics(), responses) : null;
        return new HubRouter(responses, credentials, hub.formParser(), subscribe, publish, subscriptionsApi, metadata,
                pages, metrics, debugger);
    }

    /** The CORS policy, for answers the pipeline writes before a request reaches the router. */
    Cors cors() {
        return responses.cors();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long received = System.nanoTime();
        if (request.decoderResult().isFailure()) {
            malformed(ctx, request);
            return;
        }
        if (!(ctx.channel() instanceof Http2StreamChannel) && !framed(ctx, request)) {
            return;
        }
        // Everything read of the request is copied now: it is released when this method returns.
        RequestHead head = RequestHead.of(request);
        try {
            route(ctx, head, request, received);
        } catch (RuntimeException | OutOfMemoryError e) {
            responses.fail(ctx, head, e);
        }
    }

    /**
     * @param request read here only, before anything asynchronous: the body of a publish or a
     *     {@code QUERY} is copied or parsed before the handler goes on
     * @param received when the whole request had arrived ({@link System#nanoTime()})
     */
    private void route(ChannelHandlerContext ctx, RequestHead head, FullHttpRequest request, long received) {
        String path = head.path();
        HttpMethod method = head.method();
        if (path.equals(HUB_PATH) || path.equals(SEED_HUB_PATH)) {
            FormData query = query(head.target());
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                subscribe.handle(ctx, head, query, FormData.empty());
            } else if (method.equals(QUERY)) {
                subscribe.handle(ctx, head, query, PublishHandler.formBody(formParser, head, body(request)));
            } else if (method.equals(HttpMethod.POST)) {
                publish.handle(ctx, head, body(request), query, received);
            } else if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, head);
            } else {
                responses.methodNotAllowed(ctx, head, HUB_METHODS);
            }
            return;
        }
        if (subscriptionsApi != null
                && (path.equals(Subscriptions.BASE_PATH) || path.startsWith(Subscriptions.BASE_PATH + "/"))) {
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                FormData query = query(head.target());
                OnLoop.then(ctx, head, responses, credentials.identifiedSubscriber(head, query),
                        principal -> subscriptionsApi.handle(ctx, head, path, principal));
            } else if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, head);
            } else {
                responses.methodNotAllowed(ctx, head, "GET, HEAD, OPTIONS");
            }
            return;
        }
        if (metadata != null && path.equals(ResourceMetadata.PATH)) {
            if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, head);
            } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                metadata.send(ctx, head);
            } else {
                responses.methodNotAllowed(ctx, head, "GET, HEAD, OPTIONS");
            }
            return;
        }
        if (metrics != null && path.equals(MetricsPage.PATH)) {
            metrics.handle(ctx, head);
            return;
        }
        if (debugger != null && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && debugger.handle(ctx, head, path)) {
            return;
        }
        if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && pages.handle(ctx, head, path, () -> query(head.target()))) {
            return;
        }
        throw StaticPages.notFound();
    }

    private static byte[] body(FullHttpRequest request) {
        return ByteBufUtil.getBytes(request.content());
    }

    /** The query's fields; parsed only by the routes that read them, so a bad query cannot fail /healthz. */
    private FormData query(RequestTarget target) {
        return target.rawQuery().isEmpty() ? FormData.empty() : formParser.parseQuery(target.rawQuery());
    }

    private void preflight(ChannelHandlerContext ctx, RequestHead request) {
        String origin = request.origin();
        if (origin != null && !responses.cors().allows(origin)) {
            throw new HubException(403, "The origin " + origin + " is not allowed (see cors-origins).");
        }
        FullHttpResponse response = responses.response(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
        response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        responses.cors().preflight(origin, response.headers());
        response.headers().set(HttpHeaderNames.ALLOW, HUB_METHODS);
        responses.send(ctx, request, response);
    }

    private void malformed(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        Responses.sendAndClose(ctx, status, "Malformed HTTP request: " + status.reasonPhrase() + ".",
                request.headers().get(HttpHeaderNames.ORIGIN), cors());
    }

    /**
     * The HTTP/1.x rules a request must meet before anything in it is trusted: a version this hub
     * speaks (RFC 9110 §15.6.6: 505 otherwise), and exactly one {@code Host} in HTTP/1.1, at most
     * one in HTTP/1.0 (RFC 9112 §3.2: 400 otherwise, as a proxy and the hub could disagree on
     * which one counts). Such a request is answered and the connection closed.
     *
     * @return false when the request was refused
     */
    private boolean framed(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpVersion version = request.protocolVersion();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            Responses.sendAndClose(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "HTTP version " + version.text() + " is not supported: use HTTP/1.1 or HTTP/2.", origin, cors());
            return false;
        }
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1 || (hosts == 0 && version.minorVersion() == 1)) {
            Responses.sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST, hosts == 0
                    ? "An HTTP/1.1 request must have a Host header." : "A request must have one Host header, not "
                    + hosts + ".", origin, cors());
            return false;
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.debug("connection error", cause);
        }
        ctx.close();
    }
}
