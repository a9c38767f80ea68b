package dev.quicksilver.server.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The JVM's and the process's metrics (memory, GC, threads, CPU, open files): one registry for the
 * process, created at the first scrape, whatever the number of hubs it runs. The client library
 * registers JVM metrics once per registry and remembers every registry it saw, so a registry per
 * hub would keep each stopped hub reachable.
 */
final class JvmRegistry {
    private JvmRegistry() {}

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            return registry;
        }
    }

    static PrometheusRegistry get() {
        return Holder.REGISTRY;
    }
}
