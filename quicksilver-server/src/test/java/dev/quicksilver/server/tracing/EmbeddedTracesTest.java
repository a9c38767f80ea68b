package dev.quicksilver.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.embedded.EmbeddedHub;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An embedded hub traces by its own settings only: not through the application's global
 * OpenTelemetry, and not by the JVM's otel.* system properties.
 */
class EmbeddedTracesTest {
    private static final String KEY = "embedded-key-0123456789abcdefghijklmnop";

    /** The application's own tracing: every span it ends is kept here. */
    private static final class Kept implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static int publish(EmbeddedHub hub) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/.well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + Tokens.mercure(KEY, "[\"*\"]", null))
                .POST(HttpRequest.BodyPublishers.ofString("topic=https://example.com/a&data=x")).build();
        return TestHub.send(request).statusCode();
    }

    @Test
    @DisplayName("the application's global OpenTelemetry and otel.* system properties do not reach the hub's traces")
    void ownSettingsOnly() throws Exception {
        Kept application = new Kept();
        OpenTelemetrySdk global = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(application)).build()).build();
        GlobalOpenTelemetry.set(global);
        System.setProperty("otel.service.name", "host-application");
        System.setProperty("otel.traces.sampler", "always_off");
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            try (EmbeddedHub untraced = EmbeddedHub.builder().jwtKey(KEY).start()) {
                assertThat(publish(untraced)).isEqualTo(200);
            }
            try (EmbeddedHub traced = EmbeddedHub.builder().jwtKey(KEY)
                    .setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces")
                    .setting("OTEL_BSP_SCHEDULE_DELAY", "50").start()) {
                assertThat(publish(traced)).isEqualTo(200);
                // Sampled although the JVM says always_off: the hub read its settings alone.
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().stream()
                        .anyMatch(s -> s.getName().equals("publish")));
            }
            assertThat(receiver.resources()).allSatisfy(resource -> assertThat(resource.getAttributesList())
                    .contains(KeyValue.newBuilder().setKey("service.name").setValue(
                            io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("quicksilver")).build()));
            assertThat(application.spans).isEmpty();
        } finally {
            System.clearProperty("otel.service.name");
            System.clearProperty("otel.traces.sampler");
            GlobalOpenTelemetry.resetForTest();
            global.close();
        }
    }
}
