package dev.quicksilver.spring;

import dev.quicksilver.client.JwtTokenFactory;
import dev.quicksilver.client.PublishException;
import dev.quicksilver.client.Publisher;
import dev.quicksilver.client.SigningKey;
import dev.quicksilver.client.Update;
import dev.quicksilver.core.HubException;
import dev.quicksilver.server.embedded.EmbeddedHub;
import dev.quicksilver.server.embedded.Publication;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The embedded hub (mercure.embedded) as one of the application's hubs: published to in-process. */
final class EmbeddedEndpoint {
    private EmbeddedEndpoint() {}

    static EmbeddedHub start(MercureProperties.Embedded properties) {
        EmbeddedHub.Builder builder = EmbeddedHub.builder().addr(properties.getHost() + ":" + properties.getPort())
                .anonymous(properties.isAnonymous());
        if (properties.getSubscriberKey() != null) {
            builder.subscriberKey(properties.getSubscriberKey());
        }
        try {
            return builder.settings(properties.getSettings()).start();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mercure.embedded: " + e.getMessage(), e);
        }
    }

    static HubEndpoint of(MercureProperties.Embedded properties, EmbeddedHub hub) {
        String key = properties.getSubscriberKey();
        HubEndpoint.SubscriberTokens tokens = key == null ? null
                : topics -> JwtTokenFactory.legacy(SigningKey.hmac(key, "HS256")).lifetime(Duration.ofHours(1))
                        .subscribe(topics.toArray(String[]::new)).build().create();
        return new HubEndpoint(properties.getName(), local(properties, hub), hub.url().toString(), HubEndpoints.COOKIE, tokens,
                new InProcess(hub), true);
    }

    /**
     * The hub as this JVM reaches it: its port on the interface it listens on, even when its
     * public URL is a proxy's.
     */
    private static URI local(MercureProperties.Embedded properties, EmbeddedHub hub) {
        String host = properties.getHost();
        boolean any = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        String reached = any ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(hub.url().getScheme() + "://" + reached + ":" + hub.port()
                + "/.well-known/mercure");
    }

    /** The client's {@link Publisher} on the embedded hub: no HTTP, the hub's refusals as {@link PublishException}s. */
    private record InProcess(EmbeddedHub hub) implements Publisher {
        @Override
        public String publish(Update update) {
            try {
                return publishAsync(update).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public CompletableFuture<String> publishAsync(Update update) {
            if (!update.targets().isEmpty()) {
                throw new IllegalArgumentException("The embedded hub takes no seed-era targets; use a private update.");
            }
            Publication p = new Publication(update.topics(), update.data(), update.isPrivate(), update.id(), update.type(),
                    update.retry());
            try {
                return hub.publishAsync(p).exceptionally(error -> {
                    throw asPublishException(error instanceof CompletionException c ? c.getCause() : error);
                });
            } catch (HubException e) {
                throw asPublishException(e);
            }
        }

        @Override
        public String publicUrl() {
            return hub.url().toString();
        }

        /** The embedded hub's refusal as the HTTP client reports one: one exception type for the application. */
        private static RuntimeException asPublishException(Throwable error) {
            if (error instanceof HubException e) {
                return new PublishException(e.status(), e.getMessage(), "The embedded hub refused the update ("
                        + e.status() + "): " + e.getMessage(), e);
            }
            return error instanceof RuntimeException r ? r : new IllegalStateException(error);
        }
    }
}
