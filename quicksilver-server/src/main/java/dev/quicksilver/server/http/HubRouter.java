package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.server.Hub;
import dev.quicksilver.server.sse.Shard;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.util.List;
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

    private final Hub hub;
    private final Responses responses;
    private final SubscribeHandler subscribe;
    private final PublishHandler publish;
    private final SubscriptionsApi subscriptionsApi;
    private final StaticPages pages;
    private final Credentials credentials;
    /** Serves /metrics on this port, or null when metrics are off or on their own listener. */
    private final MetricsPage metrics;

    /** @param shards the shard of each event loop */
    public HubRouter(Hub hub, java.util.function.Function<io.netty.channel.EventLoop, Shard> shards) {
        this.hub = hub;
        this.responses = new Responses(new Cors(hub.config().corsOrigins()),
                () -> hub.acceptsAccessTokens() ? ResourceMetadata.url(hub.publicUrl()) : null, hub.metrics()::refused);
        this.credentials = new Credentials(hub.publishers(), hub.subscribers(), hub.config().anonymous(),
                List.of(hub.config().accessTokenCookie(), hub.config().cookieName(), "mercureAuthorization"),
                hub.config().authorizationQuery(), hub.config().publishOrigins());
        this.subscribe = new SubscribeHandler(hub, credentials, responses, shards);
        this.publish = new PublishHandler(hub, credentials, responses);
        this.subscriptionsApi = new SubscriptionsApi(hub, responses);
        this.pages = new StaticPages(hub, responses);
        this.metrics = hub.config().metrics() && hub.config().metricsAddr() == null
                ? new MetricsPage(hub.metrics(), responses) : null;
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
        try {
            route(ctx, request, received);
        } catch (HubException e) {
            responses.error(ctx, request, e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure on {} {}", request.method(), RequestTarget.of(request.uri()).path(), e);
            responses.error(ctx, request, new HubException(500, "Internal error."));
        } catch (OutOfMemoryError e) {
            responses.error(ctx, request, Responses.outOfMemory(e));
        }
    }

    /** @param received when the whole request had arrived ({@link System#nanoTime()}) */
    private void route(ChannelHandlerContext ctx, FullHttpRequest request, long received) {
        RequestTarget target = RequestTarget.of(request.uri());
        String path = target.path();
        HttpMethod method = request.method();
        if (path.equals(HUB_PATH) || path.equals(SEED_HUB_PATH)) {
            FormData query = query(target);
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                subscribe.handle(ctx, request, query, FormData.empty(), method.equals(HttpMethod.HEAD));
            } else if (method.equals(QUERY)) {
                subscribe.handle(ctx, request, query, PublishHandler.formBody(hub, request), false);
            } else if (method.equals(HttpMethod.POST)) {
                publish.handle(ctx, request, query, received);
            } else if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, request);
            } else {
                methodNotAllowed(ctx, request, HUB_METHODS);
            }
            return;
        }
        if (hub.config().subscriptions()
                && (path.equals(Subscriptions.BASE_PATH) || path.startsWith(Subscriptions.BASE_PATH + "/"))) {
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                FormData query = query(target);
                OnLoop.then(ctx, request, responses, credentials.identifiedSubscriber(request, query),
                        principal -> subscriptionsApi.handle(ctx, request, path, principal));
            } else if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, request);
            } else {
                methodNotAllowed(ctx, request, "GET, HEAD, OPTIONS");
            }
            return;
        }
        if (path.equals(ResourceMetadata.PATH) && hub.acceptsAccessTokens()) {
            if (method.equals(HttpMethod.OPTIONS)) {
                preflight(ctx, request);
            } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                ResourceMetadata.send(ctx, request, hub, responses);
            } else {
                methodNotAllowed(ctx, request, "GET, HEAD, OPTIONS");
            }
            return;
        }
        if (metrics != null && path.equals(MetricsPage.PATH)) {
            metrics.handle(ctx, request);
            return;
        }
        if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && pages.handle(ctx, request, path, () -> query(target))) {
            return;
        }
        throw StaticPages.notFound();
    }

    /** The query's fields; parsed only by the routes that read them, so a bad query cannot fail /healthz. */
    private FormData query(RequestTarget target) {
        return target.rawQuery().isEmpty() ? FormData.empty() : hub.formParser().parseQuery(target.rawQuery());
    }

    private void preflight(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !responses.cors().allows(origin)) {
            throw new HubException(403, "The origin " + origin + " is not allowed (see cors-origins).");
        }
        FullHttpResponse response = responses.response(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
        response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        responses.cors().preflight(request, response.headers());
        response.headers().set(HttpHeaderNames.ALLOW, HUB_METHODS);
        responses.send(ctx, request, response);
    }

    private void methodNotAllowed(ChannelHandlerContext ctx, FullHttpRequest request, String allowed) {
        responses.methodNotAllowed(ctx, request, allowed);
    }

    private void malformed(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        Responses.sendAndClose(ctx, status, "Malformed HTTP request: " + status.reasonPhrase() + ".", null, cors());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.debug("connection error", cause);
        }
        ctx.close();
    }
}
