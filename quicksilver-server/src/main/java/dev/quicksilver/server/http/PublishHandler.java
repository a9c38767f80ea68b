package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.PublishForm;
import dev.quicksilver.core.update.Update;
import dev.quicksilver.server.metrics.HubMetrics;
import dev.quicksilver.server.tracing.HubTraces;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} on the hub: authenticates the publisher, reads and validates the form, checks the
 * grant for every topic (and every seed-era target), and answers with the id once the transport has
 * stored the update. With traces on, a publish is a span with its steps (docs/observability.md).
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
    private final HubTraces traces;

    /**
     * @param targetsEnabled whether seed-era {@code target} fields are honoured (a targets-dialect
     *     publisher key is configured); without, an update naming targets is refused
     */
    public PublishHandler(Credentials credentials, Responses responses, FormParser formParser, PublishForm publishForm,
            boolean targetsEnabled, PublishAdmission admission, Transport transport, HubMetrics metrics,
            HubTraces traces) {
        this.credentials = credentials;
        this.responses = responses;
        this.formParser = formParser;
        this.publishForm = publishForm;
        this.targetsEnabled = targetsEnabled;
        this.admission = admission;
        this.transport = transport;
        this.metrics = metrics;
        this.traces = traces;
    }

    /** The form in a request body; a body of another type is a 415. */
    static FormData formBody(FormParser parser, RequestHead request, byte[] body) {
        requireForm(request);
        return parser.parse(body);
    }

    private static void requireForm(RequestHead request) {
        String contentType = request.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).strip()
                .startsWith("application/x-www-form-urlencoded")) {
            throw new HubException(415, "Send the body with Content-Type application/x-www-form-urlencoded.");
        }
    }

    /**
     * @param body the request's body, copied: the request is released when the router returns,
     *     and the token check may complete later
     * @param received when the whole request had arrived ({@link System#nanoTime()}), for the latency metric
     */
    void handle(ChannelHandlerContext ctx, RequestHead request, byte[] body, FormData query, long received) {
        if (traces.on()) {
            traced(ctx, request, body, query, received);
            return;
        }
        OnLoop.then(ctx, request, responses, credentials.publisher(request, query), principal -> {
            requireForm(request);
            Update update = readUpdate(formParser, publishForm, targetsEnabled, body);
            principal.authorizePublish(update);
            publish(ctx, request, update, received, null);
        });
    }

    /**
     * The same steps under a publish span: authorize covers the token check and the grant of the
     * update's topics; store and fan-out follow in {@link #publish}. The span ends with the answer.
     */
    private void traced(ChannelHandlerContext ctx, RequestHead request, byte[] body, FormData query, long received) {
        Span span = traces.startRequest("publish", "POST", request.path(), request.traceContext());
        Span authorize = traces.startStep("authorize", span);
        OnLoop.then(ctx, request, responses, credentials.publisher(request, query).whenComplete((principal, error) -> {
            if (error != null) {
                HubTraces.endStep(authorize, error);
                HubTraces.endRequest(span, HubTraces.status(error));
            }
        }), principal -> {
            Update update;
            try {
                requireForm(request);
                update = readUpdate(formParser, publishForm, targetsEnabled, body);
                span.setAttribute(HubTraces.TOPICS, (long) update.topics().size());
                span.setAttribute(HubTraces.PRIVATE, update.privateUpdate());
                principal.authorizePublish(update);
                HubTraces.endStep(authorize, null);
            } catch (RuntimeException e) {
                HubTraces.endStep(authorize, e);
                HubTraces.endRequest(span, HubTraces.status(e));
                throw e;
            }
            try {
                publish(ctx, request, update, received, span);
            } catch (RuntimeException e) {
                HubTraces.endRequest(span, HubTraces.status(e));
                throw e;
            }
        });
    }

    /**
     * The update in a publish form body, validated as every publish is: over HTTP and in-process
     * ({@code EmbeddedHub}) alike, so that no path lets through what the other refuses.
     *
     * @throws HubException 400 or 413 naming the field at fault
     */
    public static Update readUpdate(FormParser formParser, PublishForm publishForm, boolean targetsEnabled, byte[] body) {
        FormData form;
        try {
            form = formParser.parse(body);
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
        return update;
    }

    /** @param span the publish span, or null when this publish is not traced */
    private void publish(ChannelHandlerContext ctx, RequestHead request, Update update, long received,
            @Nullable Span span) {
        admission.admit();
        Span store = null;
        if (span != null) {
            // The id is chosen here rather than by the transport (which would choose the same kind
            // of id), so that the fan-out, which may run on the transport's thread, finds its parent.
            update = update.id() != null ? update : update.withId(LocalTransport.generateId());
            store = traces.startStep("store", span);
            traces.awaitFanOut(update.id(), span);
        }
        Span storeSpan = store;
        String id = update.id();
        CompletionStage<Event> stored;
        try {
            stored = transport.publish(update);
        } catch (RuntimeException | OutOfMemoryError e) {
            admission.release();
            if (span != null) {
                traces.forgetFanOut(id);
                HubTraces.endStep(storeSpan, e);
            }
            throw e;
        }
        stored.whenComplete((event, error) -> {
            if (span != null) {
                HubTraces.endStep(storeSpan, error);
                if (error != null) {
                    traces.forgetFanOut(id);
                } else {
                    span.setAttribute(HubTraces.EVENT_ID, event.id());
                }
            }
            // A local transport completes at once, on this loop: answer now rather than behind the
            // dispatch tasks this publish has just queued.
            if (ctx.executor().inEventLoop()) {
                answer(ctx, request, event, error, received, span);
            } else {
                ctx.executor().execute(() -> answer(ctx, request, event, error, received, span));
            }
        });
    }

    private void answer(ChannelHandlerContext ctx, RequestHead request, Event event, Throwable error, long received,
            @Nullable Span span) {
        HubTraces.endRequest(span, error != null ? 503 : 200);
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
