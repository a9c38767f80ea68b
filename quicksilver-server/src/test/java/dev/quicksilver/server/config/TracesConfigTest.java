package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which OTEL_* variables turn traces on, which values the hub refuses, and what the SDK is given. */
class TracesConfigTest {

    private static TracesConfig load(Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(env, Map.of()).config().traces();
    }

    @Test
    @DisplayName("off by default; on with an exporter or an OTLP endpoint; OTEL_SDK_DISABLED=true always wins")
    void whenOn() throws Exception {
        assertThat(load(Map.of()).enabled()).isFalse();
        assertThat(load(Map.of("OTEL_SERVICE_NAME", "hub")).enabled()).isFalse();
        assertThat(load(Map.of("OTEL_TRACES_EXPORTER", "otlp")).enabled()).isTrue();
        assertThat(load(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).enabled()).isTrue();
        assertThat(load(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces")).enabled())
                .isTrue();
        assertThat(load(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_TRACES_EXPORTER", "none"))
                .enabled()).isFalse();
        assertThat(load(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "TRUE")).enabled()).isFalse();
        assertThat(load(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "false")).enabled()).isTrue();
    }

    @Test
    @DisplayName("values the bundled exporter cannot honour stop the hub, each named: gRPC, another exporter, a typo")
    void refused() {
        assertThatThrownBy(() -> load(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_SDK_DISABLED", "yes", "OTEL_TRACES_SAMPLER", "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL: \"grpc\" is not supported; use http/protobuf")
                .hasMessageContaining("OTEL_TRACES_EXPORTER: \"zipkin\" is not supported")
                .hasMessageContaining("OTEL_SDK_DISABLED: \"yes\" is neither true nor false")
                .hasMessageContaining("OTEL_TRACES_SAMPLER: \"sometimes\" is not one of always_off, always_on");
    }

    @Test
    @DisplayName("the SDK gets the variables as properties, with OTLP over HTTP, the name quicksilver and no metrics or logs")
    void sdkProperties() throws Exception {
        Map<String, String> properties = load(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc", "OTEL_METRICS_EXPORTER", "otlp",
                "QUICKSILVER_LOG_LEVEL", "info")).sdkProperties();
        assertThat(properties).containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318")
                .containsEntry("otel.exporter.otlp.headers", "api-key=abc")
                .containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.service.name", "quicksilver")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none")
                .doesNotContainKey("quicksilver.log.level");
        assertThat(load(Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=mine")).sdkProperties())
                .doesNotContainKey("otel.service.name");
        assertThat(load(Map.of("OTEL_SERVICE_NAME", "mine")).sdkProperties()).containsEntry("otel.service.name", "mine");
    }
}
