package dev.quicksilver.core.history;

import dev.quicksilver.core.update.Event;
import java.util.List;

/**
 * The answer to a reconnection: the events after the requested one, oldest first.
 *
 * @param found false when the requested id is not in the history (or an event after it is no
 *     longer kept): the hub then answers {@code earliest} and replays nothing, because it cannot
 *     know what the client missed
 * @param after the sequence the replay starts after: the requested event's, 0 for {@code earliest}
 *     (sequences start at 1); meaningless when not found
 * @param events the events after the requested one (all events for {@code earliest})
 */
public record Replay(boolean found, long after, List<Event> events) {
    public static final String EARLIEST = "earliest";

    public static Replay unknown() {
        return new Replay(false, 0, List.of());
    }
}
