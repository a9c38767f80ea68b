package dev.quicksilver.server.http;

import dev.quicksilver.core.subscription.ClusterSubscriptions;
import dev.quicksilver.core.subscription.Subscription;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.server.sse.SseSubscriber;

/**
 * The hub's open streams as the subscriptions API sees them, and the subscription events that
 * announce each one's start and end (the Mercure draft's "Active Subscriptions" section), when
 * the hub publishes them. Thread-safe: called from every event loop.
 */
public final class ActiveSubscriptions {
    private final Subscriptions registry;
    private final Transport transport;
    /**
     * Whether the subscriptions API is on: only then are subscription events published and, in a
     * cluster, this node's subscriptions kept in the cluster transport (otherwise nobody reads
     * them, and each subscribe would cost a write to Redis).
     */
    private final boolean events;

    /** @param events whether the subscriptions API is on (the {@code subscriptions} setting) */
    public ActiveSubscriptions(Subscriptions registry, Transport transport, boolean events) {
        this.registry = registry;
        this.transport = transport;
        this.events = events;
    }

    /** A stream opened. */
    void added(SseSubscriber subscriber) {
        registry.add(subscriber);
        ClusterSubscriptions cluster = transport.clusterSubscriptions();
        if (events && cluster != null) {
            cluster.added(subscriber);
        }
        announce(subscriber, true);
    }

    /** A stream ended, however it ended. */
    void removed(SseSubscriber subscriber) {
        registry.remove(subscriber);
        ClusterSubscriptions cluster = transport.clusterSubscriptions();
        if (events && cluster != null) {
            cluster.removed(subscriber);
        }
        announce(subscriber, false);
    }

    private void announce(SseSubscriber subscriber, boolean active) {
        if (!events) {
            return;
        }
        for (Matcher matcher : subscriber.matchers()) {
            transport.publishSubscriptionEvent(new Subscription(subscriber, matcher, active).announcement());
        }
    }
}
