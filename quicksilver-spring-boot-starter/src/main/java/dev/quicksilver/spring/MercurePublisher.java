package dev.quicksilver.spring;

import dev.quicksilver.client.Update;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes updates to the application's hubs by name, whether a hub is reached over HTTP or runs
 * embedded in this JVM. The starter's bean counts and times every publish when Micrometer is there;
 * {@code @AutoConfigureMockMercure} replaces it with a recording one in tests.
 */
public interface MercurePublisher {

    /** Publishes to the default hub and waits; returns the update's id. */
    default String publish(Update update) {
        return publish(defaultHub(), update);
    }

    /**
     * Publishes to this hub and waits; returns the update's id.
     *
     * @throws IllegalArgumentException no hub has this name
     * @throws RuntimeException the hub refused the update or could not be reached
     *     ({@code PublishException} over HTTP, {@code HubException} embedded)
     */
    default String publish(String hub, Update update) {
        try {
            return publishAsync(hub, update).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Publishes without waiting. */
    CompletableFuture<String> publishAsync(String hub, Update update);

    /** The name of the hub {@link #publish(Update)} uses. */
    String defaultHub();
}
