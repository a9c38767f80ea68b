package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.PublishForm;
import dev.quicksilver.core.update.Update;
import dev.quicksilver.server.metrics.HubMetrics;
import io.netty.channel.ChannelHandlerContext;
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

    private final Credentials credentials;
    private final Responses responses;
    private final FormParser formParser;
    private final PublishForm publishForm;
    private final boolean targetsEnabled;
    private final PublishAdmission admission;
    private final Transport transport;
    private final HubMetrics metrics;

    /**
     * @param targetsEnabled whether seed-era {@code target} fields are honoured (a targets-dialect
     *     publisher key is configured); without, an update naming targets is refused
     */
    public PublishHandler(Credentials credentials, Responses responses, FormParser formParser, PublishForm publishForm,
            boolean targetsEnabled, PublishAdmission admission, Transport transport, HubMetrics metrics) {
        this.credentials = credentials;
        this.responses = responses;
        this.formParser = formParser;
        this.publishForm = publishForm;
        this.targetsEnabled = targetsEnabled;
        this.admission = admission;
        this.transport = transport;
        this.metrics = metrics;
    }

    /** The form in a request body; a body of another type is a 415. */
    static FormData formBody(FormParser parser, RequestHead request, byte[] body) {
        String contentType = request.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).strip()
                .startsWith("application/x-www-form-urlencoded")) {
            throw new HubException(415, "Send the body with Content-Type application/x-www-form-urlencoded.");
        }
        return parser.parse(body);
    }

    /**
     * @param body the request's body, copied: the request is released when the router returns,
     *     and the token check may complete later
     * @param received when the whole request had arrived ({@link System#nanoTime()}), for the latency metric
     */
    void handle(ChannelHandlerContext ctx, RequestHead request, byte[] body, FormData query, long received) {
        OnLoop.then(ctx, request, responses, credentials.publisher(request, query), principal -> {
            FormData form;
            try {
                form = formBody(formParser, request, body);
            } catch (FormParser.TooManyFieldsException e) {
                // 1.0: a publish body over any of the hub's limits (here the field count, which
                // many topics exceed before the topic limit is checked) is a 413, not a 400 (Mercure
                // draft-08 "Publication").
                throw HubException.tooLarge(e.getMessage());
            }
            Update update = publishForm.read(form);
            if (!update.targets().isEmpty() && !targetsEnabled) {
                throw HubException.badRequest("The \"target\" field belongs to the seed-era protocol, which this hub "
                        + "does not enable (it needs a targets-dialect key); the update was not broadcast. "
                        + "Use \"private\" for updates that only authorized subscribers may read.");
            }
            principal.authorizePublish(update);
            publish(ctx, request, update, received);
        });
    }

    private void publish(ChannelHandlerContext ctx, RequestHead request, Update update, long received) {
        admission.admit();
        CompletionStage<Event> stored;
        try {
            stored = transport.publish(update);
        } catch (RuntimeException | OutOfMemoryError e) {
            admission.release();
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

    private void answer(ChannelHandlerContext ctx, RequestHead request, Event event, Throwable error, long received) {
        try {
            if (error != null) {
                if (!(error instanceof NotStoredException || error.getCause() instanceof NotStoredException)) {
                    LOG.warn("publish failed in the transport", error); // a NotStoredException is logged by the transport
                }
                responses.error(ctx, request, HubException.unavailable("The update could not be stored.", 1));
            } else {
                // Counted before the answer leaves: a publisher that reads the metrics right after
                // its answer must find its update counted.
                metrics.published(System.nanoTime() - received);
                responses.send(ctx, request, responses.response(HttpResponseStatus.OK, Responses.TEXT,
                        event.id().getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            admission.release();
        }
    }
}
