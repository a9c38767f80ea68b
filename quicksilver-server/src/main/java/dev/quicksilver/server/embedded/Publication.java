package dev.quicksilver.server.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An update an application publishes to its {@link EmbeddedHub}: the fields of a publish request
 * (Mercure draft "Publication"). The hub checks them exactly as it checks an HTTP publish.
 *
 * @param topics the canonical topic first, then alternates; at least one
 * @param data the payload, possibly empty
 * @param privateUpdate only subscribers whose token grants one of the topics receive it
 * @param id the event's id, or null for the hub to choose one
 * @param type the SSE event type, or null
 * @param retry the SSE reconnection time in milliseconds, or null
 */
public record Publication(List<String> topics, String data, boolean privateUpdate, @Nullable String id,
        @Nullable String type, @Nullable Long retry) {

    public Publication {
        topics = List.copyOf(topics);
        Objects.requireNonNull(data, "data");
    }

    /** A public update of this data on this topic (and alternates). */
    public static Publication of(String data, String topic, String... alternates) {
        List<String> all = new ArrayList<>();
        all.add(topic);
        all.addAll(List.of(alternates));
        return new Publication(all, data, false, null, null, null);
    }

    /** The same update, private. */
    public Publication privately() {
        return new Publication(topics, data, true, id, type, retry);
    }

    public Publication withId(String value) {
        return new Publication(topics, data, privateUpdate, value, type, retry);
    }

    public Publication withType(String value) {
        return new Publication(topics, data, privateUpdate, id, value, retry);
    }

    public Publication withRetry(long millis) {
        return new Publication(topics, data, privateUpdate, id, type, millis);
    }
}
