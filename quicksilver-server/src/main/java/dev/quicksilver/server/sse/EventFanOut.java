package dev.quicksilver.server.sse;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.server.tracing.FanOutSpan;
import dev.quicksilver.server.tracing.HubTraces;
import java.util.ArrayList;
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
    private final HubTraces traces;

    public EventFanOut(List<Shard> shards, HubTraces traces) {
        this.shards = List.copyOf(shards);
        this.traces = traces;
    }

    @Override
    public void accept(Event event) {
        if (traces.on()) {
            traced(event);
            return;
        }
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

    /** The same hand-off, under one fan-out span when the event's publish was traced. */
    private void traced(Event event) {
        List<Shard> woken = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            if (shard.mayWant(event)) {
                woken.add(shard);
            }
        }
        FanOutSpan span = traces.startFanOut(event.id(), woken.size());
        for (Shard shard : woken) {
            try {
                shard.loop().execute(() -> {
                    int delivered = 0;
                    try {
                        delivered = shard.dispatch(event);
                    } finally {
                        if (span != null) {
                            span.delivered(delivered);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                if (span != null) {
                    span.delivered(0);
                }
            }
        }
    }
}
