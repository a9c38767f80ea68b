package dev.quicksilver.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/** The discovery {@code Link} header on every response of a servlet application (mercure.discovery). */
@AutoConfiguration(after = MercureAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBean(MercureHubs.class)
@ConditionalOnProperty(name = "mercure.discovery.enabled", havingValue = "true", matchIfMissing = true)
public class MercureWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MercureDiscoveryFilter mercureDiscoveryFilter(MercureHubs hubs, MercureProperties properties) {
        List<String> names = properties.getDiscovery().getHubs().isEmpty() ? List.of(hubs.defaultName())
                : properties.getDiscovery().getHubs();
        return new MercureDiscoveryFilter(names.stream().map(name -> hubs.get(name).publicUrl()).toList());
    }
}
