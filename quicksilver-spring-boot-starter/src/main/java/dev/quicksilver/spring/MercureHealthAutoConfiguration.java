package dev.quicksilver.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** A health indicator per hub, under {@code mercure} in /actuator/health (management.health.mercure.enabled). */
@AutoConfiguration(after = MercureAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(MercureHubs.class)
@ConditionalOnEnabledHealthIndicator("mercure")
public class MercureHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mercureHealthContributor")
    HealthContributor mercureHealthContributor(MercureHubs hubs) {
        Map<String, HealthIndicator> byHub = new LinkedHashMap<>();
        hubs.names().forEach(name -> byHub.put(name, new HubHealthIndicator(hubs.get(name))));
        return CompositeHealthContributor.fromMap(byHub);
    }
}
