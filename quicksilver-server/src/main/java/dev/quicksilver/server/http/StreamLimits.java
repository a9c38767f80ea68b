package dev.quicksilver.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open streams, in all and per client, so that one client (or a flood) cannot take every
 * connection the process may hold: past a limit a subscribe is answered 429. Thread-safe.
 */
public final class StreamLimits {
    private final int total;
    private final int perClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byClient = new ConcurrentHashMap<>();

    /** @param perClient 0 for no limit per client */
    public StreamLimits(int total, int perClient) {
        this.total = total;
        this.perClient = perClient;
    }

    /**
     * Takes a place for a stream of this client.
     *
     * @return null when granted (release it with {@link #release}), else why not
     */
    public String acquire(String client) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return "The hub holds as many streams as it may (" + total + "); retry later.";
        }
        if (perClient > 0) {
            if (byClient.merge(client, 1, Integer::sum) > perClient) {
                release(client);
                return "This client holds as many streams as it may (" + perClient + "); close one first.";
            }
        }
        return null;
    }

    public void release(String client) {
        open.decrementAndGet();
        if (perClient > 0) {
            byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    public int open() {
        return open.get();
    }
}
