package dev.quicksilver.server.sse;

import dev.quicksilver.core.update.Event;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The transport's live listener: hands each event to every shard that may hold a recipient
 * ({@link Interest}), one task per event loop; a loop with none is not woken. Each
 * shard frames the event once, in its own thread's buffer pool, so that no buffer's reference
 * count is shared between cores. Called in sequence order by the transport, so each loop receives events
 * in that order too.
 */
public final class EventFanOut implements Consumer<Event> {
    private final List<Shard> shards;

    public EventFanOut(List<Shard> shards) {
        this.shards = List.copyOf(shards);
    }

    @Override
    public void accept(Event event) {
        for (Shard shard : shards) {
            if (!shard.mayWant(event)) {
                continue;
            }
            try {
                shard.loop().execute(() -> shard.dispatch(event));
            } catch (RejectedExecutionException e) {
                // the loop is shutting down: its streams are ending
            }
        }
    }
}
