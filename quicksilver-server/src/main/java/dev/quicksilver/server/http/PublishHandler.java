package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import dev.quicksilver.server.Hub;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} on the hub: authenticates the publisher, reads and validates the form, checks the
 * grant for every topic (and every seed-era target), and answers with the id once the transport has
 * stored the update.
 */
public final class PublishHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);

    private final Hub hub;
    private final Credentials credentials;
    private final Responses responses;

    public PublishHandler(Hub hub, Credentials credentials, Responses responses) {
        this.hub = hub;
        this.credentials = credentials;
        this.responses = responses;
    }

    /** The form in a request body; a body of another type is a 415. */
    static FormData formBody(Hub hub, FullHttpRequest request) {
        return formBody(hub, request, ByteBufUtil.getBytes(request.content()));
    }

    private static FormData formBody(Hub hub, HttpRequest request, byte[] body) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).strip()
                .startsWith("application/x-www-form-urlencoded")) {
            throw new HubException(415, "Send the body with Content-Type application/x-www-form-urlencoded.");
        }
        return hub.formParser().parse(body);
    }

    /** @param received when the whole request had arrived ({@link System#nanoTime()}), for the latency metric */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, FormData query, long received) {
        if (hub.closing()) {
            throw new HubException(503, "The hub is shutting down.");
        }
        // Copied now: the request's buffer is released when this method returns, and the token
        // check may complete later.
        byte[] body = ByteBufUtil.getBytes(request.content());
        OnLoop.then(ctx, request, responses, credentials.publisher(request, query), principal -> {
            FormData form;
            try {
                form = formBody(hub, request, body);
            } catch (FormParser.TooManyFieldsException e) {
                // 1.0: a publish body over any of the hub's limits (here the field count, which
                // many topics exceed before the topic limit is checked) is a 413, not a 400 (R37).
                throw HubException.tooLarge(e.getMessage());
            }
            Update update = hub.publishForm().read(form);
            if (!update.targets().isEmpty() && !hub.targetsEnabled()) {
                throw HubException.badRequest("The \"target\" field belongs to the seed-era protocol, which this hub "
                        + "does not enable (it needs a targets-dialect key); the update was not broadcast. "
                        + "Use \"private\" for updates that only authorized subscribers may read.");
            }
            principal.authorizePublish(update);
            publish(ctx, request, update, received);
        });
    }

    private void publish(ChannelHandlerContext ctx, FullHttpRequest request, Update update, long received) {
        hub.inFlight().incrementAndGet();
        CompletionStage<Event> stored;
        try {
            stored = hub.transport().publish(update);
        } catch (RuntimeException | OutOfMemoryError e) {
            hub.inFlight().decrementAndGet();
            throw e;
        }
        stored.whenComplete((event, error) -> {
            // A local transport completes at once, on this loop: answer now rather than behind the
            // dispatch tasks this publish has just queued.
            if (ctx.executor().inEventLoop()) {
                answer(ctx, request, event, error, received);
            } else {
                ctx.executor().execute(() -> answer(ctx, request, event, error, received));
            }
        });
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, Event event, Throwable error,
            long received) {
        try {
            if (error != null) {
                if (!(error instanceof NotStoredException || error.getCause() instanceof NotStoredException)) {
                    LOG.warn("publish failed in the transport", error); // a NotStoredException is logged by the transport
                }
                responses.error(ctx, request, new HubException(503, "The update could not be stored."));
            } else {
                hub.publishes().increment();
                responses.send(ctx, request, responses.response(HttpResponseStatus.OK, Responses.TEXT,
                        event.id().getBytes(StandardCharsets.UTF_8)));
                hub.metrics().published(System.nanoTime() - received);
            }
        } finally {
            hub.inFlight().decrementAndGet();
        }
    }
}
