package dev.quicksilver.spring.test;

import dev.quicksilver.client.MockHub;
import dev.quicksilver.client.Update;
import dev.quicksilver.spring.MercurePublisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MercurePublisher} that publishes nothing and remembers everything, for the application's
 * tests: one client {@link MockHub} per hub name ({@link #hub}), and {@link #messages()} across all
 * of them in order; {@link #reset()} between tests. Installed by {@link AutoConfigureMockMercure}.
 */
public final class MockMercure implements MercurePublisher {
    /** One publish: the hub it was for, the update (with the id it was answered). */
    public record Message(String hub, Update update) {}

    private final Map<String, MockHub> hubs = new ConcurrentHashMap<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final String defaultHub;

    public MockMercure(String defaultHub) {
        this.defaultHub = defaultHub;
    }

    @Override
    public CompletableFuture<String> publishAsync(String hub, Update update) {
        MockHub mock = hub(hub);
        synchronized (this) {
            String id = mock.publish(update);
            messages.add(new Message(hub, update.id() == null ? update.withId(id) : update));
            return CompletableFuture.completedFuture(id);
        }
    }

    @Override
    public String defaultHub() {
        return defaultHub;
    }

    /** The mock of this hub: what was published to it alone. */
    public MockHub hub(String name) {
        return hubs.computeIfAbsent(name, n -> new MockHub());
    }

    /** Everything published since the start or the last {@link #reset()}, in order. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The updates published on this topic (as canonical or alternate topic), in order. */
    public List<Update> updates(String topic) {
        return messages.stream().map(Message::update).filter(u -> u.topics().contains(topic)).toList();
    }

    public synchronized void reset() {
        messages.clear();
        hubs.values().forEach(MockHub::reset);
    }
}
