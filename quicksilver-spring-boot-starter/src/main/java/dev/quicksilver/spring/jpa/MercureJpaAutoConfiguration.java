package dev.quicksilver.spring.jpa;

import dev.quicksilver.spring.MercureAutoConfiguration;
import dev.quicksilver.spring.MercureProperties;
import dev.quicksilver.spring.MercurePublisher;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Publishes {@link Mercure} entities' changes after commit, through the application's {@link MercurePublisher}. */
@AutoConfiguration(after = MercureAutoConfiguration.class,
        afterName = {"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            "dev.quicksilver.spring.test.MockMercureAutoConfiguration"})
@ConditionalOnClass({SessionFactoryImplementor.class, ObjectMapper.class, TransactionSynchronizationManager.class})
@ConditionalOnBean({EntityManagerFactory.class, MercurePublisher.class})
@ConditionalOnProperty(name = "mercure.jpa.enabled", havingValue = "true", matchIfMissing = true)
public class MercureJpaAutoConfiguration {
    private static final boolean WEB = ClassUtils.isPresent("org.springframework.web.servlet.support.ServletUriComponentsBuilder",
            MercureJpaAutoConfiguration.class.getClassLoader());

    @Bean
    Object mercureEntityListener(EntityManagerFactory entityManagerFactory, MercurePublisher publisher,
            ObjectProvider<ObjectMapper> json, ObjectProvider<MercureProperties> properties) {
        String configured = properties.getIfAvailable(MercureProperties::new).getJpa().getBaseUrl();
        EntityUpdates updates = new EntityUpdates(json.getIfAvailable(() -> JsonMapper.builder().build()),
                () -> configured != null ? configured : requestBaseUrl());
        MercureEntityListener listener = new MercureEntityListener(updates, new AfterCommit(publisher), publisher.defaultHub());
        EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(EventListenerRegistry.class);
        registry.appendListeners(EventType.POST_INSERT, listener);
        registry.appendListeners(EventType.POST_UPDATE, listener);
        registry.appendListeners(EventType.POST_DELETE, listener);
        return listener;
    }

    /** The base of the current servlet request (scheme, host, port, context path), or null outside one. */
    static @Nullable String requestBaseUrl() {
        if (!WEB || RequestContextHolder.getRequestAttributes() == null) {
            return null;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }
}
