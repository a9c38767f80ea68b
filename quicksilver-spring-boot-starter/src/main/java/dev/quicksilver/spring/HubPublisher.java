package dev.quicksilver.spring;

import dev.quicksilver.client.Update;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The starter's {@link MercurePublisher}: to each hub by its own way, every outcome told to the observers. */
final class HubPublisher implements MercurePublisher {
    private final MercureHubs hubs;
    private final List<PublishObserver> observers;

    HubPublisher(MercureHubs hubs, List<PublishObserver> observers) {
        this.hubs = hubs;
        this.observers = List.copyOf(observers);
    }

    @Override
    public CompletableFuture<String> publishAsync(String hub, Update update) {
        HubEndpoint endpoint = hubs.get(hub);
        long started = System.nanoTime();
        CompletableFuture<String> id;
        try {
            id = endpoint.publish(update);
        } catch (RuntimeException e) {
            // The embedded hub refuses a bad update at once rather than in the future.
            tell(hub, started, e);
            throw e;
        }
        return id.whenComplete((value, error) -> tell(hub, started,
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
    }

    private void tell(String hub, long started, Throwable error) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (PublishObserver observer : observers) {
            observer.published(hub, took, error);
        }
    }

    @Override
    public String defaultHub() {
        return hubs.defaultName();
    }
}
