package dev.quicksilver.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenTelemetry traces, configured by the standard {@code OTEL_*} environment variables (see
 * docs/observability.md). Off unless {@code OTEL_TRACES_EXPORTER=otlp} or an OTLP endpoint is set;
 * {@code OTEL_SDK_DISABLED=true} always turns them off. Only the variables given to the hub are
 * read (the process's environment for the standalone hub, the settings map for an embedded one),
 * never the JVM's system properties or a global OpenTelemetry.
 *
 * @param variables the {@code OTEL_*} variables given, by name
 */
public record TracesConfig(Map<String, String> variables) {
    public static final TracesConfig OFF = new TracesConfig(Map.of());

    /** The exporters this hub bundles: OTLP, or none. */
    private static final Set<String> EXPORTERS = Set.of("otlp", "none");
    /** The OTLP protocols the bundled sender speaks (the JDK's HttpClient); gRPC would need another sender. */
    private static final Set<String> PROTOCOLS = Set.of("http/protobuf", "http/json");
    private static final Set<String> SAMPLERS = Set.of("always_on", "always_off", "traceidratio",
            "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio");

    public TracesConfig {
        variables = Map.copyOf(variables);
    }

    /** The {@code OTEL_*} variables of an environment. */
    public static TracesConfig of(Map<String, String> env) {
        Map<String, String> otel = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                otel.put(name, value);
            }
        });
        return new TracesConfig(otel);
    }

    /** Whether the hub exports traces. */
    public boolean enabled() {
        if (isTrue("OTEL_SDK_DISABLED")) {
            return false;
        }
        String exporter = value("OTEL_TRACES_EXPORTER");
        if (!exporter.isEmpty()) {
            return !exporter.equals("none");
        }
        return !value("OTEL_EXPORTER_OTLP_ENDPOINT").isEmpty() || !value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").isEmpty();
    }

    /** What is wrong with the variables, for the start-up error: values this hub cannot honour. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String disabled = value("OTEL_SDK_DISABLED");
        if (!disabled.isEmpty() && !disabled.equals("true") && !disabled.equals("false")) {
            problems.add("OTEL_SDK_DISABLED: \"" + disabled + "\" is neither true nor false");
        }
        for (String exporter : value("OTEL_TRACES_EXPORTER").split(",")) {
            if (!exporter.isBlank() && !EXPORTERS.contains(exporter.strip())) {
                problems.add("OTEL_TRACES_EXPORTER: \"" + exporter.strip() + "\" is not supported; this hub exports "
                        + "traces by OTLP (otlp) or not at all (none)");
            }
        }
        for (String name : List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")) {
            String protocol = value(name);
            if (!protocol.isEmpty() && !PROTOCOLS.contains(protocol)) {
                problems.add(name + ": \"" + protocol + "\" is not supported; use http/protobuf (the default, "
                        + "port 4318) or http/json");
            }
        }
        String sampler = value("OTEL_TRACES_SAMPLER");
        if (!sampler.isEmpty() && !SAMPLERS.contains(sampler)) {
            problems.add("OTEL_TRACES_SAMPLER: \"" + sampler + "\" is not one of "
                    + String.join(", ", new java.util.TreeSet<>(SAMPLERS)));
        }
        return problems;
    }

    /**
     * The variables as the OpenTelemetry SDK's properties ({@code OTEL_TRACES_EXPORTER} is
     * {@code otel.traces.exporter}), with the hub's defaults: OTLP over HTTP, service name
     * {@code quicksilver}, and no metrics or logs exporter (the hub's metrics are Prometheus's,
     * docs/metrics.md).
     */
    public Map<String, String> sdkProperties() {
        Map<String, String> properties = new TreeMap<>();
        properties.put("otel.traces.exporter", "otlp");
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        if (value("OTEL_SERVICE_NAME").isEmpty() && !value("OTEL_RESOURCE_ATTRIBUTES").contains("service.name=")) {
            properties.put("otel.service.name", "quicksilver");
        }
        variables.forEach((name, value) -> properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        return properties;
    }

    private String value(String name) {
        return variables.getOrDefault(name, "").strip().toLowerCase(Locale.ROOT);
    }

    private boolean isTrue(String name) {
        return value(name).equals("true");
    }
}
