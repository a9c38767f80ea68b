package dev.quicksilver.server.tracing;

import dev.quicksilver.core.HubException;
import dev.quicksilver.server.config.TracesConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.internal.AutoConfigureUtil;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's OpenTelemetry traces (docs/observability.md): the spans of a publish (publish,
 * authorize, store, fan-out) and of a subscription (subscribe, authorize, replay). Off by
 * default: then {@link #on()} is false, every {@code start} method returns null and every
 * {@code end} method accepts null, so that a hub without traces allocates nothing for them.
 *
 * <p>The SDK is the hub's own, built from {@link TracesConfig} alone: never the process's global
 * OpenTelemetry, so an application that embeds the hub keeps its own, and the hub's spans go
 * where the hub's {@code OTEL_*} settings say.
 *
 * <p>What a span never holds: tokens, cookies, the query string, topics or an update's data.
 */
public final class HubTraces implements AutoCloseable {
    public static final HubTraces OFF = new HubTraces(null);

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<Long> TOPICS = AttributeKey.longKey("mercure.update.topics");
    public static final AttributeKey<Boolean> PRIVATE = AttributeKey.booleanKey("mercure.update.private");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("mercure.event.id");
    public static final AttributeKey<Long> SELECTORS = AttributeKey.longKey("mercure.subscribe.selectors");
    public static final AttributeKey<Long> REPLAYED = AttributeKey.longKey("mercure.replay.events");
    public static final AttributeKey<Boolean> CURSOR_FOUND = AttributeKey.booleanKey("mercure.replay.cursor_found");
    static final AttributeKey<Long> LOOPS = AttributeKey.longKey("mercure.fanout.event_loops");
    static final AttributeKey<Long> DELIVERIES = AttributeKey.longKey("mercure.fanout.subscribers");

    /** Publishes waiting for their fan-out, at most: past it a fan-out has no span (a transport that lost events). */
    static final int MAX_AWAITED_FAN_OUTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(HubTraces.class);
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final @Nullable OpenTelemetrySdk sdk;
    private final @Nullable Tracer tracer;
    private final TextMapPropagator propagator;
    /** The publish span's context of each stored publish, by event id, until the fan-out takes it. */
    private final Map<String, Context> awaitingFanOut = new ConcurrentHashMap<>();

    private HubTraces(@Nullable OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer("dev.quicksilver.server");
        this.propagator = sdk == null ? TextMapPropagator.noop() : sdk.getPropagators().getTextMapPropagator();
    }

    /**
     * Traces by this configuration: {@link #OFF} unless it turns them on.
     *
     * @throws IllegalArgumentException when the SDK refuses a variable (its message names it)
     */
    public static HubTraces start(TracesConfig config) {
        if (!config.enabled()) {
            return OFF;
        }
        Map<String, String> properties = config.sdkProperties();
        AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook();
        // The SDK's own reading would add the process's OTEL_* variables and otel.* system
        // properties to the hub's: an embedded hub must read only its settings. This hook of the
        // autoconfigure module (marked internal) replaces what was read by the hub's properties.
        AutoConfigureUtil.setConfigPropertiesCustomizer(builder, read -> DefaultConfigProperties.createFromMap(properties));
        try {
            OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk();
            LOG.info("traces: exported by OTLP ({}) to {}", properties.get("otel.exporter.otlp.protocol"),
                    endpoint(properties));
            return new HubTraces(sdk);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("OTEL_* traces settings: " + e.getMessage(), e);
        }
    }

    private static String endpoint(Map<String, String> properties) {
        String traces = properties.get("otel.exporter.otlp.traces.endpoint");
        String base = properties.get("otel.exporter.otlp.endpoint");
        return traces != null ? traces : base != null ? base + " (/v1/traces)" : "http://localhost:4318/v1/traces";
    }

    /** Whether spans are made. */
    public boolean on() {
        return tracer != null;
    }

    /**
     * The span of a request (kind server), child of the request's {@code traceparent} when it has one.
     *
     * @param name {@code publish} or {@code subscribe}
     * @param headers the request's trace context headers ({@code traceparent}, {@code tracestate})
     * @return null when traces are off
     */
    public @Nullable Span startRequest(String name, String method, String path, Map<String, String> headers) {
        if (tracer == null) {
            return null;
        }
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(PATH, path).startSpan();
    }

    /** A step of a request: {@code authorize}, {@code store}, {@code replay}. Null when the request has no span. */
    public @Nullable Span startStep(String name, @Nullable Span request) {
        if (tracer == null || request == null) {
            return null;
        }
        return tracer.spanBuilder(name).setParent(Context.root().with(request)).startSpan();
    }

    /** Ends a step: in error when it failed, with the HTTP status its failure answers (no message: it may quote a token's claims). */
    public static void endStep(@Nullable Span step, @Nullable Throwable failure) {
        if (step == null) {
            return;
        }
        if (failure != null) {
            step.setStatus(StatusCode.ERROR, "answered " + status(failure));
        }
        step.end();
    }

    /** Ends a request's span with the status it was answered; 5xx are errors (4xx are the client's). */
    public static void endRequest(@Nullable Span request, int status) {
        if (request == null) {
            return;
        }
        request.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            request.setStatus(StatusCode.ERROR);
        }
        request.end();
    }

    /** The status a failure is answered with, as {@code Responses.fail} answers it. */
    public static int status(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HubException refused) {
            return refused.status();
        }
        return cause instanceof OutOfMemoryError ? 503 : 500;
    }

    /**
     * Remembers a publish about to be stored, so that its fan-out becomes a child of its span.
     *
     * @param eventId the update's id, chosen before the transport stores it
     */
    public void awaitFanOut(String eventId, @Nullable Span publish) {
        if (publish == null || !publish.isRecording() || awaitingFanOut.size() >= MAX_AWAITED_FAN_OUTS) {
            return;
        }
        awaitingFanOut.put(eventId, Context.root().with(publish));
    }

    /** A publish that will have no fan-out (it was not stored). */
    public void forgetFanOut(String eventId) {
        awaitingFanOut.remove(eventId);
    }

    /**
     * The fan-out span of an event handed to this many event loops, or null when its publish was
     * not traced (traces off, not sampled, another node's publish, a subscription event).
     */
    public @Nullable FanOutSpan startFanOut(String eventId, int loops) {
        if (tracer == null) {
            return null;
        }
        Context parent = awaitingFanOut.remove(eventId);
        if (parent == null) {
            return null;
        }
        Span span = tracer.spanBuilder("fan-out").setParent(parent).setAttribute(LOOPS, (long) loops).startSpan();
        return new FanOutSpan(span, loops);
    }

    /** Exports the spans not yet sent, then stops the SDK (at most a few seconds). */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
