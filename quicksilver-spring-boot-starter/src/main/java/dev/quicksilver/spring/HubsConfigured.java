package dev.quicksilver.spring;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether the application names a hub: the starter makes no bean for an application that has none. */
final class HubsConfigured {
    private HubsConfigured() {}

    private static boolean httpHubs(ConditionContext context) {
        return !Binder.get(context.getEnvironment()).bind("mercure.hubs", Bindable.mapOf(String.class, MercureProperties.Hub.class))
                .orElse(Map.of()).isEmpty();
    }

    private static boolean embedded(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind("mercure.embedded.enabled", Boolean.class).orElse(false);
    }

    /** An HTTP hub or the embedded one. */
    static final class Any extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return httpHubs(context) || embedded(context) ? ConditionOutcome.match("a Mercure hub is configured")
                    : ConditionOutcome.noMatch("neither mercure.hubs nor mercure.embedded.enabled");
        }
    }
}
