package dev.quicksilver.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A hub that records what is published instead of sending it, for an application's own tests:
 * publish through it, then assert on {@link #messages()}. Every update gets an id as
 * {@link MercureHub} gives it ({@code urn:uuid:} unless it has one), so code that keeps the id
 * sees a real one. Thread-safe: asynchronous publishers record in the order they call.
 */
public final class MockHub implements Publisher {
    /** The public URL a mock hub answers when none is given. */
    public static final String DEFAULT_PUBLIC_URL = "https://hub.example.com/.well-known/mercure";

    private final String publicUrl;
    private final List<Update> messages = new ArrayList<>();

    /** A mock hub whose public URL is {@link #DEFAULT_PUBLIC_URL}. */
    public MockHub() {
        this(DEFAULT_PUBLIC_URL);
    }

    /** A mock hub with this public URL (what discovery links and cookies will name). */
    public MockHub(String publicUrl) {
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    }

    @Override
    public String publish(Update update) {
        Update recorded = update.id() == null ? update.withId("urn:uuid:" + UUID.randomUUID()) : update;
        synchronized (messages) {
            messages.add(recorded);
        }
        return recorded.id();
    }

    @Override
    public CompletableFuture<String> publishAsync(Update update) {
        return CompletableFuture.completedFuture(publish(update));
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }

    /** What was published since the start or the last {@link #reset()}, in order (a copy). */
    public List<Update> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** Forgets what was published (between tests). */
    public void reset() {
        synchronized (messages) {
            messages.clear();
        }
    }
}
