package dev.quicksilver.client;

import java.util.Objects;

/**
 * One event a subscriber received (WHATWG HTML "Server-sent events", dispatching): the last event
 * id at that point of the stream (for a Mercure hub, the update's id), its type ({@code message}
 * unless the update had one) and its data (lines joined by LF).
 */
public record Event(String id, String type, String data) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
