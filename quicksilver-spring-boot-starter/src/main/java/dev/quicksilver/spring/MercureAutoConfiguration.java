package dev.quicksilver.spring;

import dev.quicksilver.client.HubRegistry;
import dev.quicksilver.client.Publisher;
import dev.quicksilver.server.embedded.EmbeddedHub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The hubs of {@code mercure.hubs.*} (and the embedded one) as beans: {@link MercureHubs}, the
 * client's {@link HubRegistry} of their publishers, and the {@link MercurePublisher}.
 */
@AutoConfiguration
@EnableConfigurationProperties(MercureProperties.class)
public class MercureAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(HubsConfigured.Any.class)
    MercureHubs mercureHubs(MercureProperties properties, ObjectProvider<EmbeddedHubHolder> embedded) {
        List<HubEndpoint> hubs = new ArrayList<>();
        properties.getHubs().forEach((name, hub) -> hubs.add(HubEndpoints.endpoint(name, hub)));
        EmbeddedHubHolder holder = embedded.getIfAvailable();
        if (holder == null && properties.getEmbedded().isEnabled()) {
            throw new IllegalStateException("mercure.embedded.enabled is true, but the embedded hub needs "
                    + "dev.quicksilver:quicksilver-server on the classpath");
        }
        if (holder != null) {
            if (properties.getHubs().containsKey(properties.getEmbedded().getName())) {
                throw new IllegalArgumentException("mercure.embedded.name: \"" + properties.getEmbedded().getName()
                        + "\" is also a hub of mercure.hubs; give the embedded hub another name");
            }
            hubs.add(holder.endpoint());
        }
        List<String> names = hubs.stream().map(HubEndpoint::name).toList();
        return new MercureHubs(hubs, defaultName(properties, names));
    }

    /** Every hub, the embedded one too, as the client's registry of publishers. */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(HubsConfigured.Any.class)
    HubRegistry mercureHubRegistry(MercureHubs hubs) {
        Map<String, Publisher> publishers = new LinkedHashMap<>();
        hubs.names().forEach(name -> publishers.put(name, hubs.get(name).publisher()));
        return new HubRegistry(publishers, hubs.defaultName());
    }

    /** The default hub: as set, else the only one, else the one named "default". */
    private static String defaultName(MercureProperties properties, List<String> names) {
        if (properties.getDefaultHub() != null) {
            return properties.getDefaultHub();
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.contains("default")) {
            return "default";
        }
        throw new IllegalArgumentException("mercure.default-hub: several hubs " + names + " and none is the default; "
                + "set mercure.default-hub");
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(HubsConfigured.Any.class)
    MercurePublisher mercurePublisher(MercureHubs hubs, ObjectProvider<PublishObserver> observers) {
        return new HubPublisher(hubs, observers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(HubsConfigured.Any.class)
    @ConditionalOnClass(name = "org.springframework.http.ResponseCookie")
    MercureCookies mercureCookies(MercureHubs hubs) {
        return new MercureCookies(hubs);
    }

    /** The hub in this JVM, when asked for and quicksilver-server is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(EmbeddedHub.class)
    @ConditionalOnProperty(name = "mercure.embedded.enabled", havingValue = "true")
    static class Embedded {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        EmbeddedHub mercureEmbeddedHub(MercureProperties properties) {
            return EmbeddedEndpoint.start(properties.getEmbedded());
        }

        @Bean
        EmbeddedHubHolder mercureEmbeddedEndpoint(MercureProperties properties, EmbeddedHub hub) {
            return new EmbeddedHubHolder(EmbeddedEndpoint.of(properties.getEmbedded(), hub));
        }
    }

    /** Keeps the embedded hub's endpoint apart, so that nothing here names a server class when it is absent. */
    record EmbeddedHubHolder(HubEndpoint endpoint) {}
}
