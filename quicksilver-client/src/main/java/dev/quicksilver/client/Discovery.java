package dev.quicksilver.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The hubs a resource names in its {@code Link} headers (draft-08 "Discovery"): each
 * {@code rel="mercure"} link is a hub, with its attributes ({@code last-event-id} to subscribe from
 * without missing an update, {@code content-type} of the updates, {@code key-set} for encrypted
 * updates); the {@code rel="self"} link is the topic to subscribe to (the resource's canonical URL),
 * the resource's own URL when there is none.
 */
public final class Discovery {
    private final URI resource;
    private final List<HubLink> hubs;
    private final @Nullable URI self;

    private Discovery(URI resource, List<HubLink> hubs, @Nullable URI self) {
        this.resource = resource;
        this.hubs = List.copyOf(hubs);
        this.self = self;
    }

    /** One hub a resource names, with the link's parameters (names lower-cased). */
    public record HubLink(URI url, Map<String, String> attributes) {
        /** Where to subscribe from so that nothing after this representation is missed. */
        public Optional<String> lastEventId() {
            return Optional.ofNullable(attributes.get("last-event-id"));
        }

        /** The media type of the updates' data. */
        public Optional<String> contentType() {
            return Optional.ofNullable(attributes.get("content-type"));
        }

        /** Where the keys to decrypt encrypted updates are (a JWK Set URL). */
        public Optional<URI> keySet() {
            return Optional.ofNullable(attributes.get("key-set")).map(URI::create);
        }
    }

    /** The links in these {@code Link} header values of a response for {@code resource}. */
    public static Discovery of(URI resource, List<String> linkHeaders) {
        List<HubLink> hubs = new ArrayList<>();
        URI self = null;
        for (LinkHeader.Link link : LinkHeader.parse(resource, linkHeaders)) {
            if (link.hasRel("mercure")) {
                hubs.add(new HubLink(link.target(), Map.copyOf(link.params())));
            }
            if (self == null && link.hasRel("self")) {
                self = link.target();
            }
        }
        return new Discovery(resource, hubs, self);
    }

    /**
     * Asks the resource with a GET (its body ignored) and reads its links. Redirects are followed
     * as the client's policy says ({@link HttpClient.Redirect#NORMAL} to follow them), and relative
     * links resolve against the final URL.
     *
     * @throws IOException the resource could not be fetched, or answered other than 2xx
     */
    public static Discovery fetch(HttpClient http, URI resource) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resource).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new IOException(resource + " answered " + status + ": no links to discover the hub from");
        }
        return of(response.uri(), response.headers().allValues("Link"));
    }

    /** The URL that was asked (after redirects). */
    public URI resource() {
        return resource;
    }

    /** Every hub, in the order the links came. */
    public List<HubLink> hubs() {
        return hubs;
    }

    /**
     * The first hub.
     *
     * @throws IllegalStateException the resource names no hub
     */
    public HubLink hub() {
        if (hubs.isEmpty()) {
            throw new IllegalStateException(resource + " names no hub (no Link with rel=\"mercure\").");
        }
        return hubs.get(0);
    }

    /** The topic to subscribe to: the {@code rel="self"} link, or the resource's URL. */
    public URI topic() {
        return self != null ? self : resource;
    }

    /**
     * A subscriber to this resource's topic on its first hub, starting from the link's
     * {@code last-event-id} when there is one; add the token and listeners, then connect.
     */
    public Subscriber.Builder subscribe() {
        HubLink hub = hub();
        Subscriber.Builder b = Subscriber.builder(hub.url().toString()).topic(topic().toString());
        hub.lastEventId().ifPresent(b::lastEventId);
        return b;
    }

    @Override
    public String toString() {
        return resource + " → " + hubs + (self == null ? "" : " self " + self);
    }
}
