package dev.quicksilver.server.sse;

import dev.quicksilver.core.update.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The transport's live listener: frames each event once and hands the same bytes to every shard,
 * one task per event loop. Called in sequence order by the transport, so each loop receives events
 * in that order too.
 */
public final class EventFanOut implements Consumer<Event> {
    private final List<Shard> shards;
    private final ByteBufAllocator alloc;

    public EventFanOut(List<Shard> shards, ByteBufAllocator alloc) {
        this.shards = List.copyOf(shards);
        this.alloc = alloc;
    }

    @Override
    public void accept(Event event) {
        ByteBuf chunk = Chunks.frame(alloc, event.sse());
        if (shards.size() > 1) {
            // One reference per shard; retain(0) throws, which made every publish fail (500) with one event loop.
            chunk.retain(shards.size() - 1);
        }
        for (Shard shard : shards) {
            try {
                shard.loop().execute(() -> shard.dispatch(event, chunk));
            } catch (RejectedExecutionException e) {
                chunk.release(); // the loop is shutting down
            }
        }
    }
}
