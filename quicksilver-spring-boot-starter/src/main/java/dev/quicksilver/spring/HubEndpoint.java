package dev.quicksilver.spring;

import dev.quicksilver.client.Publisher;
import dev.quicksilver.client.Update;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One hub: where subscribers find it, the cookie it reads, how subscriber tokens for it are minted
 * (when the application holds its key), and how an update reaches it.
 */
public final class HubEndpoint {
    /** Mints a subscriber token granting these topic selectors. */
    @FunctionalInterface
    public interface SubscriberTokens {
        String create(List<String> topics);
    }

    private final String name;
    private final URI url;
    private final String publicUrl;
    private final String cookieName;
    private final @Nullable SubscriberTokens subscriberTokens;
    private final Publisher publisher;
    private final boolean embedded;

    HubEndpoint(String name, URI url, String publicUrl, String cookieName, @Nullable SubscriberTokens subscriberTokens,
            Publisher publisher, boolean embedded) {
        this.name = name;
        this.url = url;
        this.publicUrl = publicUrl;
        this.cookieName = cookieName;
        this.subscriberTokens = subscriberTokens;
        this.publisher = publisher;
        this.embedded = embedded;
    }

    public String name() {
        return name;
    }

    /** Where the application reaches the hub (its publish URL): what the health indicator probes. */
    public URI url() {
        return url;
    }

    /** The URL subscribers connect to, advertised by discovery. */
    public String publicUrl() {
        return publicUrl;
    }

    /** The name of the cookie the hub reads a subscriber's token from. */
    public String cookieName() {
        return cookieName;
    }

    /** True for the hub started in this JVM (mercure.embedded). */
    public boolean embedded() {
        return embedded;
    }

    /**
     * A subscriber token granting these topic selectors.
     *
     * @throws IllegalStateException the application has no key for this hub (jwt.secret or jwt.key)
     */
    public String subscriberToken(List<String> topics) {
        if (subscriberTokens == null) {
            throw new IllegalStateException("No key to sign subscriber tokens for the hub \"" + name
                    + "\": set mercure.hubs." + name + ".jwt.secret or .jwt.key (mercure.embedded.subscriber-key for "
                    + "the embedded hub)");
        }
        return subscriberTokens.create(topics);
    }

    /** What publishes to it: the HTTP client, or the embedded hub in-process. */
    public Publisher publisher() {
        return publisher;
    }

    CompletableFuture<String> publish(Update update) {
        return publisher.publishAsync(update);
    }
}
