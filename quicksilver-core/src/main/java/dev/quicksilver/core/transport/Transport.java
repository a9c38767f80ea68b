package dev.quicksilver.core.transport;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.HubHistory;
import dev.quicksilver.core.subscription.ClusterSubscriptions;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Carries updates from publishers to the hub's subscribers: it gives each update its id (when the
 * publisher chose none) and its place in the order, stores it in the history, and hands it to the
 * live listener. An implementation may reach other hub nodes (Redis) or a durable store. The
 * listener sees every event once, in sequence order, with no gap: a subscriber that registers
 * before reading the history and skips events it already replayed misses nothing.
 */
public interface Transport extends AutoCloseable {

    /**
     * Publishes an update. The stage completes once the update is stored by the configured policy
     * (the publisher is answered then), with the event as subscribers receive it; it fails with a
     * {@link NotStoredException} when the update could not be stored.
     */
    CompletionStage<Event> publish(Update update);

    /**
     * Publishes a subscription event (a subscription started or ended): numbered and delivered as
     * an update is, but kept apart from the updates, in a budget of its own ({@link HubHistory}),
     * so that connections never push updates out of the history.
     */
    CompletionStage<Event> publishSubscriptionEvent(Update update);

    /** Sets the one live listener; called before the first publish. */
    void listen(Consumer<Event> listener);

    /** Updates and subscription events, as reconnecting clients are replayed them. */
    History history();

    /**
     * The other nodes' subscriptions, when this transport spans several nodes; null (the default)
     * for a hub on its own, whose subscriptions API lists its own subscribers only.
     */
    default @Nullable ClusterSubscriptions clusterSubscriptions() {
        return null;
    }

    /** Whether updates can be stored now; unhealthy from a failed store until one succeeds again. */
    Health health();

    @Override
    void close();
}
