package dev.quicksilver.core.subscription;

import dev.quicksilver.core.subscriber.Subscriber;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The subscriptions of the other nodes of a cluster, for the subscriptions API: each node tells the
 * store its own subscribers' starts and ends, and reads the other live nodes'. A transport that
 * spans several nodes provides it; a hub on its own has none, and lists its own subscribers only.
 * Thread-safe; no method blocks.
 */
public interface ClusterSubscriptions {

    /** A subscriber of this node started. */
    void added(Subscriber subscriber);

    /** A subscriber of this node ended. */
    void removed(Subscriber subscriber);

    /**
     * The subscriptions of the other live nodes, as they were last told; fails when the store cannot
     * be read.
     */
    CompletionStage<List<RemoteSubscription>> others();
}
