package dev.quicksilver.server.sse;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.TopicSelector;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one shard counts, for the metrics. Written only by the shard's event loop, read by metric
 * scrapes on any thread. Deliveries are counted in a plain field (an increment in L1, no atomic
 * instruction) and published once per dispatch or replay step; the published counts are stored in
 * opaque mode (no atomic read-modify-write, no fence: on x86 and ARM the same instruction as a
 * plain store). A scrape sums the shards and may be a dispatch behind.
 */
public final class ShardStats {
    /** The kinds of topic selectors, as the {@code type} label of the subscriptions gauge. */
    public enum SelectorKind {
        /** A topic compared byte for byte (1.0 {@code match}, 0.x {@code topic}). */
        EXACT("exact"),
        /** A URI Template (0.x and seed-era {@code topic}). */
        TEMPLATE("template"),
        /** A WHATWG URL Pattern (1.0 {@code match_urlpattern}). */
        URLPATTERN("urlpattern"),
        /** {@code *}: every topic. */
        ALL("all");

        private final String label;

        SelectorKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static SelectorKind of(TopicSelector selector) {
            if (selector instanceof TopicSelector.Wildcard) {
                return ALL;
            }
            if (selector instanceof TopicSelector.Exact) {
                return EXACT;
            }
            return selector instanceof TopicSelector.Template ? TEMPLATE : URLPATTERN;
        }
    }

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int DELIVERIES = 0;
    private static final int SUBSCRIBED = 1;
    private static final int SLOW_DISCONNECTS = 2;
    private static final int SELECTORS = 3;

    /** Deliveries, subscribers ever added, slow disconnects, then the selectors of the current subscribers per kind. */
    private final long[] counts = new long[SELECTORS + SelectorKind.values().length];

    private void add(int slot, long n) {
        COUNTS.setOpaque(counts, slot, counts[slot] + n);
    }

    private long get(int slot) {
        return (long) COUNTS.getOpaque(counts, slot);
    }

    /** Events written, not yet published; this loop only. */
    private long written;

    /** One event written to a subscriber: a plain increment, on the delivery path. */
    void wrote() {
        written++;
    }

    /** Makes the events written so far visible to scrapes: once per dispatch or replay step. */
    void publish() {
        COUNTS.setOpaque(counts, DELIVERIES, written);
    }

    void subscribed(Subscriber s) {
        add(SUBSCRIBED, 1);
        selectors(s, 1);
    }

    /** A subscriber cut for not reading fast enough. */
    void slowDisconnect() {
        add(SLOW_DISCONNECTS, 1);
    }

    void unsubscribed(Subscriber s) {
        selectors(s, -1);
    }

    private void selectors(Subscriber s, int sign) {
        for (TopicSelector selector : s.selectors()) {
            add(SELECTORS + SelectorKind.of(selector).ordinal(), sign);
        }
    }

    /** Events written to this shard's subscribers: live events and replayed history, each once per subscriber. */
    public long deliveries() {
        return get(DELIVERIES);
    }

    /** Subscribers this shard has ever added. */
    public long subscribed() {
        return get(SUBSCRIBED);
    }

    /** Subscribers this shard cut because they did not read fast enough. */
    public long slowDisconnects() {
        return get(SLOW_DISCONNECTS);
    }

    /** Selectors of this kind among this shard's current subscribers. */
    public long selectors(SelectorKind kind) {
        return get(SELECTORS + kind.ordinal());
    }
}
