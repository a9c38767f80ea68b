package dev.quicksilver.spring.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes this entity to a Mercure hub whenever it is created, updated or deleted, once the
 * transaction commits (nothing is published for a transaction that rolls back): API Platform's
 * {@code mercure: true}, for JPA. The topic is the resource's absolute URL, the data its JSON
 * (Jackson); a deletion sends only {@code {"id": ...}}. See docs/spring-boot.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Mercure {

    /**
     * The topic, as a SpEL expression evaluated on the entity, with the variables {@code #id} (its
     * identifier), {@code #baseUrl} (mercure.jpa.base-url, else the current request's base) and
     * {@code #resource} (the collection name, e.g. {@code books}). Empty: {@code #baseUrl + '/' +
     * #resource + '/' + #id}, e.g. {@code https://example.com/books/1}.
     */
    String topic() default "";

    /** The collection name in the default topic; empty: the class name, decapitalized, plus "s". */
    String resource() default "";

    /** Private updates: only subscribers whose token grants the topic receive them. */
    boolean privateUpdate() default false;

    /**
     * Private updates for some entities only: a SpEL expression evaluated on the entity, e.g.
     * {@code "restricted"} for a {@code boolean isRestricted()}; true makes the update private.
     * Empty: {@link #privateUpdate()} decides for every entity of the class.
     */
    String privateWhen() default "";

    /** The SSE event type; empty for none. */
    String type() default "";

    /** The SSE reconnection time in milliseconds; negative for none. */
    long retry() default -1;

    /** The hub's name (mercure.hubs); empty for the default hub. */
    String hub() default "";

    /** Publish after the commit without waiting for the hub: the committing thread goes on at once. */
    boolean async() default false;
}
