package dev.quicksilver.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mercure.publish} timer, tagged by {@code hub} and {@code outcome}: its count is the
 * number of publishes of each outcome, its total their time.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class MercureMetricsAutoConfiguration {

    @Bean
    PublishObserver mercurePublishMetrics(MeterRegistry registry) {
        return (hub, took, error) -> Timer.builder("mercure.publish").description("Publishes to a Mercure hub")
                .tag("hub", hub).tag("outcome", PublishOutcome.of(error)).register(registry).record(took);
    }
}
