package dev.quicksilver.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hub's traces, exported by OTLP/HTTP to a receiver the test runs: a publish continues the
 * publisher's trace (publish, authorize, store, fan-out), a reconnection is traced with its
 * replay, and no span carries a token, a topic or an update's data. Without OTEL_* settings,
 * nothing is made nor sent.
 */
class TracesTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TOPIC = "https://example.com/books/secret-topic-1";
    private static final String DATA = "payload-that-must-not-leave";

    /** A hub configured as the standalone one is, from variables: a key, history in memory, and these. */
    private static HubConfig config(Map<String, String> otel) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("QUICKSILVER_ADDR", "127.0.0.1:0",
                "QUICKSILVER_PUBLISHER_JWT_KEY", TestHub.SECRET, "QUICKSILVER_SUBSCRIBER_JWT_KEY", TestHub.SECRET,
                "QUICKSILVER_HISTORY", "memory"));
        env.putAll(otel);
        return ConfigLoader.load(env, Map.of()).config();
    }

    @Test
    @DisplayName("publish → authorize → store → fan-out continue the publisher's traceparent; subscribe → replay is traced")
    void publishAndReplayAreTraced() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            String token = TestHub.allAccess();
            HttpResponse<String> first;
            HttpResponse<String> second;
            HttpResponse<String> refused;
            try (TestHub hub = TestHub.start(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_SERVICE_NAME", "hub-under-test", "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test",
                    "OTEL_BSP_SCHEDULE_DELAY", "50")))) {
                assertThat(hub.server().hub().traces().on()).isTrue();
                String form = "topic=" + TestHub.encode(TOPIC) + "&data=" + DATA + "&private=on";
                try (SseClient live = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + token))) {
                    assertThat(live.status()).isEqualTo(200);
                    first = hub.post("/.well-known/mercure", token, form,
                            Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"));
                    assertThat(first.statusCode()).isEqualTo(200);
                    assertThat(live.next().data()).isEqualTo(DATA);
                    second = hub.post(token, form);
                    assertThat(live.next().data()).isEqualTo(DATA);
                }
                refused = hub.post(Tokens.forged("{\"mercure\":{\"publish\":[\"*\"]}}"), form);
                assertThat(refused.statusCode()).isEqualTo(401);
                try (SseClient replayed = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + token, "Last-Event-ID", first.body()))) {
                    SseEvent event = replayed.next();
                    assertThat(event.id()).isEqualTo(second.body());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> named(receiver, "replay").size() == 1
                        && named(receiver, "fan-out").size() == 2 && named(receiver, "publish").size() == 3);
            }

            List<Span> spans = receiver.spans();
            Span publish = only(spans, s -> s.getName().equals("publish") && attribute(s, "mercure.event.id") != null
                    && attribute(s, "mercure.event.id").equals(first.body()));
            // The publisher's trace goes on in the hub.
            assertThat(hex(publish.getTraceId())).isEqualTo(TRACE_ID);
            assertThat(hex(publish.getParentSpanId())).isEqualTo(PARENT_ID);
            assertThat(publish.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(attribute(publish, "http.response.status_code")).isEqualTo(200L);
            assertThat(attribute(publish, "http.request.method")).isEqualTo("POST");
            assertThat(attribute(publish, "mercure.update.topics")).isEqualTo(1L);
            assertThat(attribute(publish, "mercure.update.private")).isEqualTo(true);
            for (String step : List.of("authorize", "store", "fan-out")) {
                Span child = only(spans, s -> s.getName().equals(step) && s.getParentSpanId().equals(publish.getSpanId()));
                assertThat(child.getTraceId()).isEqualTo(publish.getTraceId());
                assertThat(child.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            }
            // One span for the fan-out, however many subscribers: the count is an attribute.
            Span fanOut = only(spans, s -> s.getName().equals("fan-out") && s.getParentSpanId().equals(publish.getSpanId()));
            assertThat(attribute(fanOut, "mercure.fanout.subscribers")).isEqualTo(1L);
            assertThat((Long) attribute(fanOut, "mercure.fanout.event_loops")).isGreaterThanOrEqualTo(1L);

            // Without a traceparent the publish starts a trace of its own.
            Span secondPublish = only(spans, s -> s.getName().equals("publish")
                    && second.body().equals(attribute(s, "mercure.event.id")));
            assertThat(hex(secondPublish.getTraceId())).isNotEqualTo(TRACE_ID);
            assertThat(secondPublish.getParentSpanId().isEmpty()).isTrue();

            // A refused token: the publish answered 401, its authorize step in error, nothing stored.
            Span refusedPublish = only(spans, s -> s.getName().equals("publish")
                    && Long.valueOf(401).equals(attribute(s, "http.response.status_code")));
            Span refusedAuthorize = only(spans, s -> s.getName().equals("authorize")
                    && s.getParentSpanId().equals(refusedPublish.getSpanId()));
            assertThat(refusedAuthorize.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(spans.stream().filter(s -> s.getParentSpanId().equals(refusedPublish.getSpanId())))
                    .extracting(Span::getName).containsExactly("authorize");

            // The reconnection: subscribe, its authorize and its replay of the one event after the cursor.
            Span replay = only(spans, s -> s.getName().equals("replay"));
            Span subscribe = only(spans, s -> s.getSpanId().equals(replay.getParentSpanId()));
            assertThat(subscribe.getName()).isEqualTo("subscribe");
            assertThat(subscribe.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(attribute(subscribe, "http.response.status_code")).isEqualTo(200L);
            assertThat(attribute(subscribe, "mercure.subscribe.selectors")).isEqualTo(1L);
            assertThat(attribute(replay, "mercure.replay.events")).isEqualTo(1L);
            assertThat(attribute(replay, "mercure.replay.cursor_found")).isEqualTo(true);
            only(spans, s -> s.getName().equals("authorize") && s.getParentSpanId().equals(subscribe.getSpanId()));

            assertThat(receiver.resources()).allSatisfy(resource -> {
                Map<String, Object> attributes = resource.getAttributesList().stream()
                        .collect(Collectors.toMap(KeyValue::getKey, kv -> value(kv.getValue()), (a, b) -> a));
                assertThat(attributes).containsEntry("service.name", "hub-under-test")
                        .containsEntry("deployment.environment", "test");
            });
            // Nothing a span holds may be a secret or the content of an update.
            for (Span span : spans) {
                for (KeyValue kv : span.getAttributesList()) {
                    String text = String.valueOf(value(kv.getValue()));
                    assertThat(text).doesNotContain(token).doesNotContain(TestHub.SECRET).doesNotContain(DATA)
                            .doesNotContain("secret-topic").doesNotContain("Bearer");
                }
                assertThat(span.getStatus().getMessage()).doesNotContain(token).doesNotContain("secret-topic");
            }
            // The hub's SDK is its own: the process's global OpenTelemetry was never set.
            assertThat(GlobalOpenTelemetry.isSet()).isFalse();
        }
    }

    @Test
    @DisplayName("with no OTEL_* setting traces are off: no SDK, no span, nothing sent")
    void offByDefault() throws Exception {
        try (TestHub hub = TestHub.start(config(Map.of()))) {
            assertThat(hub.server().hub().traces()).isSameAs(HubTraces.OFF);
            assertThat(hub.publish("x", TOPIC).statusCode()).isEqualTo(200);
        }
        assertThat(HubTraces.OFF.startRequest("publish", "POST", "/", Map.of())).isNull();
        assertThat(HubTraces.OFF.startFanOut("id", 1)).isNull();
    }

    @Test
    @DisplayName("OTEL_SDK_DISABLED=true wins over an endpoint: nothing reaches the receiver, even at shutdown")
    void sdkDisabledWins() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            try (TestHub hub = TestHub.start(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true")))) {
                assertThat(hub.server().hub().traces()).isSameAs(HubTraces.OFF);
                try (SseClient live = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + TestHub.allAccess()))) {
                    assertThat(hub.publish("x", TOPIC).statusCode()).isEqualTo(200);
                    assertThat(live.next().data()).isEqualTo("x");
                }
            }
            // The hub has stopped: a traced hub would have flushed its spans by now.
            assertThat(receiver.requests()).isZero();
        }
    }

    @Test
    @DisplayName("a sampler that drops every trace: the hub still serves, and sends no span")
    void sampledOut() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            try (TestHub hub = TestHub.start(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_TRACES_SAMPLER", "always_off")))) {
                assertThat(hub.server().hub().traces().on()).isTrue();
                try (SseClient live = SseClient.open(hub.uri("/.well-known/mercure?topic=" + TestHub.encode(TOPIC)),
                        Map.of("Authorization", "Bearer " + TestHub.allAccess()))) {
                    assertThat(hub.publish("x", TOPIC).statusCode()).isEqualTo(200);
                    assertThat(live.next().data()).isEqualTo("x");
                }
            }
            assertThat(receiver.spans()).isEmpty();
        }
    }

    private static List<Span> named(OtlpReceiver receiver, String name) {
        return receiver.spans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static Span only(List<Span> spans, java.util.function.Predicate<Span> which) {
        List<Span> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans matching, among %s", spans.stream().map(Span::getName).toList()).hasSize(1);
        return found.get(0);
    }

    private static Object attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> value(kv.getValue())).orElse(null);
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case BOOL_VALUE -> v.getBoolValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            default -> v.toString();
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
