package dev.quicksilver.loadtest.net;

import java.util.BitSet;

/**
 * One measured subscriber across its streams: with {@code --reconnect}, a stream that ends is
 * replaced by another (on the next hub, with {@code Last-Event-ID}), and the publishes it received
 * on any of them count once. A publish received a second time is a duplicate.
 *
 * <p>Confined to the event loop of its current stream; a new stream is opened from the old one's
 * loop (Netty's task queues order the writes before the reads). {@link #presentAt} reads its
 * volatile times from any thread.
 */
final class Subscriber {
    /** The subscriber's global index (over every worker). */
    final int index;
    /** Its group ({@code TopicPlan}): publish s reaches it when {@code s mod groups == group}. */
    final int group;
    private final int groups;
    /** The hub of the current (or last) stream. */
    int hub;
    /**
     * How far along the hubs its first move after a lost stream goes: 1 to H-1, spread over the
     * subscribers of each hub, so that those of a node that died share the others evenly.
     */
    final int step;
    /** How far the next reconnection attempt moves: {@link #step} after a lost stream, then 1. */
    int nextStep;
    /** The id of the last event received, over every stream; null before any. */
    String lastEventId;
    /** Reconnection attempts since the last stream ended. */
    int attempts;
    /** When the last stream ended ({@link System#nanoTime()}). */
    long lostNanos;
    /** When it was first established, or -1. */
    volatile long sinceNanos = -1;
    /** When it was lost for good (not reconnected), or {@link Long#MAX_VALUE}. */
    volatile long untilNanos = Long.MAX_VALUE;
    /** The publishes received, by {@code seq / groups} (its publishes only). */
    private BitSet seen;

    /** @param hubs how many hubs; subscriber {@code index} connects to hub {@code index mod hubs} first */
    Subscriber(int index, int group, int groups, int hubs) {
        this.index = index;
        this.group = group;
        this.groups = groups;
        this.hub = index % hubs;
        this.step = hubs == 1 ? 0 : 1 + (index / hubs) % (hubs - 1);
    }

    /** Moves to the hub of the next reconnection attempt. */
    void moveHub(int hubs) {
        hub = (hub + nextStep) % hubs;
        nextStep = 1; // a failed attempt tries the following hub, so every hub is tried in turn
    }

    /** Records publish {@code seq}; false when it was already received (a duplicate). */
    boolean firstTime(long seq) {
        int bit = (int) (seq / groups);
        if (seen == null) {
            seen = new BitSet();
        } else if (seen.get(bit)) {
            return false;
        }
        seen.set(bit);
        return true;
    }

    /** Whether it held a stream at {@code nanos} (or was reconnecting one). */
    boolean presentAt(long nanos) {
        return sinceNanos >= 0 && sinceNanos - nanos <= 0 && nanos - untilNanos < 0;
    }
}
