package dev.quicksilver.spring.jpa;

import dev.quicksilver.client.Update;
import java.beans.Introspector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import tools.jackson.databind.ObjectMapper;

/** Makes the update of a {@link Mercure} entity's change: its topic, and its JSON or its id. */
final class EntityUpdates {
    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final ObjectMapper json;
    private final Supplier<@Nullable String> baseUrl;
    private final Map<Class<?>, Expression> topics = new ConcurrentHashMap<>();
    private final Map<Class<?>, Expression> privacies = new ConcurrentHashMap<>();

    /** @param baseUrl the base of resources' URLs now, or null when there is none */
    EntityUpdates(ObjectMapper json, Supplier<@Nullable String> baseUrl) {
        this.json = json;
        this.baseUrl = baseUrl;
    }

    /** The entity's {@link Mercure}, or null when its changes are not published. */
    static @Nullable Mercure annotation(Object entity) {
        return entity.getClass().getAnnotation(Mercure.class);
    }

    /** The update of a created or updated entity: its whole JSON. */
    Update saved(Mercure mercure, Object entity, Object id) {
        return update(mercure, topic(mercure, entity, id), json.writeValueAsString(entity), isPrivate(mercure, entity));
    }

    /** The update of a deleted entity: only its id, as the resource no longer exists. */
    Update deleted(Mercure mercure, Object entity, Object id) {
        // evaluated on the entity as it was deleted: a private entity's deletion is private too
        return update(mercure, topic(mercure, entity, id), json.writeValueAsString(Map.of("id", id)),
                isPrivate(mercure, entity));
    }

    private static Update update(Mercure mercure, String topic, String data, boolean isPrivate) {
        Update.Builder update = Update.builder().topic(topic).data(data).privateUpdate(isPrivate);
        if (!mercure.type().isEmpty()) {
            update.type(mercure.type());
        }
        if (mercure.retry() >= 0) {
            update.retry(mercure.retry());
        }
        return update.build();
    }

    private boolean isPrivate(Mercure mercure, Object entity) {
        String expression = mercure.privateWhen();
        if (expression.isEmpty()) {
            return mercure.privateUpdate();
        }
        Expression parsed = privacies.computeIfAbsent(entity.getClass(), c -> PARSER.parseExpression(expression));
        return Boolean.TRUE.equals(parsed.getValue(new StandardEvaluationContext(entity), Boolean.class));
    }

    String topic(Mercure mercure, Object entity, Object id) {
        String resource = mercure.resource().isEmpty()
                ? Introspector.decapitalize(entity.getClass().getSimpleName()) + "s" : mercure.resource();
        StandardEvaluationContext context = new StandardEvaluationContext(entity);
        context.setVariable("id", id);
        context.setVariable("resource", resource);
        String expression = mercure.topic();
        if (expression.isEmpty()) {
            String base = baseUrl.get();
            if (base == null) {
                throw new IllegalStateException("No base URL for the topic of " + entity.getClass().getName()
                        + " (saved outside a web request): set mercure.jpa.base-url, or give @Mercure(topic = ...)");
            }
            return base.replaceAll("/+$", "") + "/" + resource + "/" + id;
        }
        context.setVariable("baseUrl", baseUrl.get());
        Expression parsed = topics.computeIfAbsent(entity.getClass(), c -> PARSER.parseExpression(expression));
        String topic = parsed.getValue(context, String.class);
        if (topic == null || topic.isEmpty()) {
            throw new IllegalStateException("@Mercure(topic = \"" + expression + "\") of " + entity.getClass().getName()
                    + " gave no topic");
        }
        return topic;
    }
}
