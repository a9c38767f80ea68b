package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.List;

/**
 * The answer to a reconnection: the events after the requested one, oldest first.
 *
 * @param found false when the requested id is not in the history: the hub then answers
 *     {@code earliest} and replays nothing, because it cannot know what the client missed
 * @param events the events after the requested one (all events for {@code earliest})
 */
public record Replay(boolean found, List<Event> events) {
    public static final String EARLIEST = "earliest";

    public static Replay unknown() {
        return new Replay(false, List.of());
    }
}
