package dev.quicksilver.server.embedded;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.update.Update;
import dev.quicksilver.server.Hub;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.ConfigException;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.http.PublishHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Mercure hub running in the application's own JVM ("the hub is optional": the application is
 * its own hub). Subscribers reach it over HTTP on its port as they reach a standalone hub; the
 * application publishes to it in-process, with no HTTP and no token, through the same checks as an
 * HTTP publish. Start it with {@link #builder()}, stop it with {@link #close()}.
 *
 * <pre>{@code
 * try (EmbeddedHub hub = EmbeddedHub.builder().port(3000).subscriberKey(secret).start()) {
 *     String id = hub.publish("{\"title\":\"Dune\"}", "https://example.com/books/1");
 * }
 * }</pre>
 *
 * <p>See docs/embedding.md.
 */
public final class EmbeddedHub implements AutoCloseable {
    private final HubServer server;

    private EmbeddedHub(HubServer server) {
        this.server = server;
    }

    /**
     * A builder starting from the defaults of the configuration table, except two: it listens on
     * 127.0.0.1 on any free port, and keeps its history in memory unless {@code data-dir} is set.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The TCP port the hub listens on (the one chosen when the port was 0). */
    public int port() {
        return server.port();
    }

    /** The hub's URL for subscribers ({@code public-url}, else {@code http://localhost:<port>/.well-known/mercure}). */
    public URI url() {
        return URI.create(server.hub().publicUrl());
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return server.subscribers();
    }

    /** Publishes a public update and returns its id once stored; see {@link #publish(Publication)}. */
    public String publish(String data, String topic, String... alternates) {
        return publish(Publication.of(data, topic, alternates));
    }

    /**
     * Publishes and waits until the update is stored and handed to subscribers.
     *
     * @return the event's id: the one given, or the one the hub chose
     * @throws HubException the update is refused (400 or 413 with the same message an HTTP publisher
     *     gets), or the hub cannot take it (503: shutting down, or the update could not be stored)
     */
    public String publish(Publication publication) {
        try {
            return publishAsync(publication).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HubException.unavailable("Interrupted while publishing.", 1);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        }
    }

    /**
     * Publishes without waiting. A refused update fails at once, with the {@link HubException} of
     * {@link #publish(Publication)}; so does the future when the update could not be stored.
     */
    public CompletableFuture<String> publishAsync(Publication publication) {
        Hub hub = server.hub();
        byte[] body = form(publication);
        if (body.length > hub.config().limits().maxBodySize()) {
            // What an HTTP publisher of the same update receives (max-body-size).
            throw HubException.tooLarge("The update is larger than the hub's limit of "
                    + hub.config().limits().maxBodySize() + " bytes (max-body-size).");
        }
        Update update = PublishHandler.readUpdate(hub.formParser(), hub.publishForm(), hub.targetsEnabled(), body);
        long started = System.nanoTime();
        hub.admission().admit();
        CompletableFuture<String> id = new CompletableFuture<>();
        try {
            hub.transport().publish(update).whenComplete((event, error) -> {
                hub.admission().release();
                if (error != null) {
                    id.completeExceptionally(HubException.unavailable("The update could not be stored"
                            + (error instanceof NotStoredException ? ": " + error.getMessage() : "."), 1));
                } else {
                    hub.metrics().published(System.nanoTime() - started);
                    id.complete(event.id());
                }
            });
        } catch (RuntimeException e) {
            hub.admission().release();
            throw e;
        }
        return id;
    }

    /** The update as the form an HTTP publisher sends, so the hub's form checks apply unchanged. */
    private static byte[] form(Publication p) {
        StringBuilder out = new StringBuilder();
        for (String topic : p.topics()) {
            field(out, "topic", topic);
        }
        field(out, "data", p.data());
        if (p.privateUpdate()) {
            field(out, "private", "on");
        }
        if (p.id() != null) {
            field(out, "id", p.id());
        }
        if (p.type() != null) {
            field(out, "type", p.type());
        }
        if (p.retry() != null) {
            field(out, "retry", p.retry().toString());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value) {
        if (out.length() > 0) {
            out.append('&');
        }
        out.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /**
     * Stops gracefully, as a standalone hub does on SIGTERM: publishes in progress are answered,
     * every stream ends cleanly so subscribers reconnect (to another node, or to this application
     * once it is back), then the threads stop.
     */
    @Override
    public void close() {
        server.close();
    }

    /**
     * The hub's settings, by the names of the configuration table (docs/configuration.md): the flag
     * name ({@code heartbeat}, {@code publisher-jwt-key}, {@code issuer-1-id}) or an environment
     * variable's name ({@code QUICKSILVER_HEARTBEAT}, {@code MERCURE_PUBLISHER_JWT_KEY},
     * {@code MERCURE_EXTRA_DIRECTIVES}), with values as the table writes them. The typed methods
     * are shortcuts for the most common ones. The process's own environment is not read: the
     * application decides every setting.
     */
    public static final class Builder {
        private final Map<String, String> flags = new LinkedHashMap<>();
        private final Map<String, String> variables = new LinkedHashMap<>();

        /**
         * Where an embedded hub's defaults differ from the table's, for settings not given in any
         * form. It shares the machine and the working directory with its application: loopback and
         * any free port, and the history in memory rather than a directory created unasked.
         */
        private static final Map<String, String> EMBEDDED_DEFAULTS = Map.of("addr", "127.0.0.1:0", "data-dir", "");

        private Builder() {}

        /**
         * One setting by its flag name or environment variable name. An environment variable's name
         * is in capitals; anything else is a flag's name, with or without the leading dashes.
         */
        public Builder setting(String name, String value) {
            if (name.equals(name.toUpperCase(java.util.Locale.ROOT)) && !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                variables.put(name, value);
            } else {
                flags.put(name.startsWith("--") ? name.substring(2) : name, value);
            }
            return this;
        }

        /** Several settings; see {@link #setting}. */
        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /** {@code addr}: where to listen, {@code :port}, {@code host:port} or {@code [ipv6]:port}. */
        public Builder addr(String value) {
            return setting("addr", value);
        }

        /** Listens on this port on 127.0.0.1 (0 for any free one). */
        public Builder port(int value) {
            return setting("addr", "127.0.0.1:" + value);
        }

        /** {@code publisher-jwt-key}: verifies HTTP publishers' tokens (in-process publishes need none). */
        public Builder publisherKey(String value) {
            return setting("publisher-jwt-key", value);
        }

        /** {@code subscriber-jwt-key}: verifies subscribers' tokens. */
        public Builder subscriberKey(String value) {
            return setting("subscriber-jwt-key", value);
        }

        /** The same key for publishers and subscribers. */
        public Builder jwtKey(String value) {
            return publisherKey(value).subscriberKey(value);
        }

        /** {@code anonymous}: subscribers without a token receive public updates. */
        public Builder anonymous(boolean value) {
            return setting("anonymous", Boolean.toString(value));
        }

        /** {@code public-url}: the URL subscribers use, when the hub is behind a proxy. */
        public Builder publicUrl(String value) {
            return setting("public-url", value);
        }

        /** {@code cors-origins}: the origins whose pages may subscribe (with cookies). */
        public Builder corsOrigins(String... origins) {
            return setting("cors-origins", String.join(" ", origins));
        }

        /** {@code heartbeat}: idle time after which a comment keeps a stream alive. */
        public Builder heartbeat(Duration value) {
            return setting("heartbeat", value.toMillis() + "ms");
        }

        /** {@code threads}: event loop threads; 0 means one per CPU core. */
        public Builder threads(int value) {
            return setting("threads", Integer.toString(value));
        }

        /** The configuration these settings make, without starting anything. */
        public HubConfig config() {
            try {
                Map<String, String> given = ConfigLoader.fromCommandLine(variables, flags).config().sources();
                Map<String, String> all = new LinkedHashMap<>(flags);
                EMBEDDED_DEFAULTS.forEach((name, value) -> {
                    if (!given.containsKey(name)) {
                        all.put(name, value);
                    }
                });
                return ConfigLoader.fromCommandLine(variables, all).config();
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /**
         * Starts the hub: the port is open when this returns.
         *
         * @throws IllegalArgumentException a setting is unknown or its value invalid (every problem named)
         * @throws IllegalStateException the hub could not start (e.g. the port is taken)
         */
        public EmbeddedHub start() {
            HubConfig config = config();
            try {
                return new EmbeddedHub(HubServer.start(config));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the hub", e);
            } catch (Exception e) {
                throw new IllegalStateException("The hub could not start: " + e.getMessage(), e);
            }
        }
    }
}
