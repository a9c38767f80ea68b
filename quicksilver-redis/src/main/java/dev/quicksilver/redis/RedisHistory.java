package dev.quicksilver.redis;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The history of a cluster: the Redis stream itself, which every node reads. A reconnecting client
 * may come back on any node with its {@code Last-Event-ID}: the id resolves through the index (the
 * Mercure id to the sequence of its first kept event), and the lookup and the read run in one
 * script, so no trim falls between them. Updates and subscription events share the stream, one
 * order for both.
 *
 * <p>{@link #lastEventId()}, {@link #lastSequence()} and {@link #size()} must not wait for Redis:
 * they give the newest event this node has read from the stream, and a count kept as it reads.
 */
final class RedisHistory implements History {
    private final Script replay = Script.load("replay.lua");
    private final Keys keys;
    private final int maxEvents;
    private final Supplier<RedisEndpoint.Link> link;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile Event newest;
    private volatile long size;

    RedisHistory(Keys keys, int maxEvents, Supplier<RedisEndpoint.Link> link) {
        this.keys = keys;
        this.maxEvents = maxEvents;
        this.link = link;
    }

    /** Not supported: events enter the stream through {@link RedisTransport#publish}. */
    @Override
    public void append(Event event) {
        throw new UnsupportedOperationException("the Redis history is written by RedisTransport");
    }

    @Override
    public CompletionStage<Replay> after(String lastEventId) {
        return Replay.EARLIEST.equals(lastEventId) ? read("earliest", "") : read("id", lastEventId);
    }

    @Override
    public CompletionStage<Replay> afterSequence(long sequence) {
        return read("sequence", Long.toString(sequence));
    }

    /**
     * One read per cursor at a time, shared by the requests that come while it is on its way, as
     * long as this node has read no new event from the stream since it was sent. When a node dies,
     * its subscribers come back on the others within a second, nearly all with the same
     * {@code Last-Event-ID}: without this, each of them cost Redis a read of the same entries.
     *
     * <p>Why a joined read misses nothing: the caller's stream is already registered for live
     * events. The shared read runs in Redis after it was sent, so it holds every event this node
     * had read by then; an event that comes later reaches the caller live, unless this node
     * dispatched it before the caller registered, and then this node's newest sequence would have
     * moved since the read was sent, and the caller sends its own read.
     */
    private CompletionStage<Replay> read(String mode, String value) {
        String cursor = mode + ':' + value;
        long newestNow = lastSequence();
        InFlight shared = inFlight.get(cursor);
        if (shared != null && shared.newestWhenSent() == newestNow) {
            return shared.read();
        }
        RedisEndpoint.Link l = link.get();
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        CompletableFuture<Replay> read;
        try {
            read = replay.<List<Object>>run(l.commands(), ScriptOutputType.MULTI,
                    new String[] {keys.stream(), keys.index()}, mode, value).thenApply(RedisHistory::replay);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        InFlight mine = new InFlight(newestNow, read);
        inFlight.put(cursor, mine);
        read.whenComplete((r, error) -> inFlight.remove(cursor, mine));
        return read;
    }

    /** A read sent to Redis and not answered yet, with this node's newest sequence when it was sent. */
    private record InFlight(long newestWhenSent, CompletableFuture<Replay> read) {}

    /** Puts the replay script in Redis's cache, so that a burst of first replays does not each send it whole. */
    CompletableFuture<String> loadScript(RedisClusterAsyncCommands<String, String> c) {
        return replay.loadInto(c);
    }

    /** How many reads are on their way to Redis (for tests). */
    int readsInFlight() {
        return inFlight.size();
    }

    /** {@code {0}} or {@code {1, after, entries}}, each entry {@code {id, {field, value, ...}}}. */
    @SuppressWarnings("unchecked")
    private static Replay replay(List<Object> reply) {
        if (((Number) reply.get(0)).longValue() == 0) {
            return Replay.unknown();
        }
        Object afterValue = reply.get(1);
        long after = afterValue instanceof Number n ? n.longValue() : Long.parseLong(afterValue.toString());
        List<Object> entries = (List<Object>) reply.get(2);
        List<Event> events = new ArrayList<>(entries.size());
        for (Object e : entries) {
            List<Object> entry = (List<Object>) e;
            List<Object> flat = (List<Object>) entry.get(1);
            Map<String, String> body = new LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                body.put(flat.get(i).toString(), flat.get(i + 1).toString());
            }
            events.add(Entries.event(entry.get(0).toString(), body));
        }
        // Shared by every request that joined the read: nobody may change it.
        return new Replay(true, after, Collections.unmodifiableList(events));
    }

    /** The reader found the stream holding this many entries when it started. */
    void counted(long entries) {
        size = Math.min(entries, maxEvents);
    }

    /** The reader read this event from the stream, in order. */
    void read(Event event) {
        newest = event;
        if (size < maxEvents) {
            size++;
        }
    }

    @Override
    public String lastEventId() {
        Event n = newest;
        return n == null ? Replay.EARLIEST : n.id();
    }

    @Override
    public long lastSequence() {
        Event n = newest;
        return n == null ? 0 : n.sequence();
    }

    @Override
    public long size() {
        return size;
    }
}
