package dev.quicksilver.client;

import java.util.concurrent.CompletableFuture;

/**
 * What an application publishes through: {@link MercureHub} for a real hub, {@link MockHub} in the
 * application's tests. Code that publishes depends on this, so a test swaps the hub for a recording.
 */
public interface Publisher {
    /**
     * Publishes and waits: returns the update's id.
     *
     * @throws PublishException the hub refused it, or did not answer
     */
    String publish(Update update);

    /** Publishes without blocking; the future fails with a {@link PublishException}. */
    CompletableFuture<String> publishAsync(Update update);

    /** The URL subscribers use (the discovery {@code Link}, the cookie's domain and path). */
    String publicUrl();
}
