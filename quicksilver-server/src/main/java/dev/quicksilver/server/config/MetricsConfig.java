package dev.quicksilver.server.config;

import org.jspecify.annotations.Nullable;

/**
 * Prometheus metrics (see docs/metrics.md).
 *
 * @param enabled whether {@code /metrics} is served
 * @param addr the admin listener that serves {@code /metrics} instead of the main port, or null
 */
public record MetricsConfig(boolean enabled, @Nullable ListenAddress addr) {}
