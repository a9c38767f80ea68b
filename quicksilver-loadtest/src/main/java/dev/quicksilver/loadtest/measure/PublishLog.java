package dev.quicksilver.loadtest.measure;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;

/**
 * What happened to each publish, by its sequence number (carried in the update's data): when it was
 * sent, how many subscribers its topic had then, the hub's answer, and how many deliveries of it
 * came back and how late the last one was. It tells lost deliveries from deliveries of publishes
 * whose answer never came, and gives each publish's fan-out time (until its last delivery).
 *
 * <p>Threads: {@link #sent} and {@link #answered} on the publisher's loop; {@link #delivered} on
 * any subscriber loop; the summaries on the run's thread once publishing has stopped (the
 * publisher's stop task orders its writes before them).
 */
public final class PublishLog {
    /** The most publishes one run may make: the log takes 21 bytes for each. */
    public static final int MAX_PUBLISHES = 10_000_000;

    /** The hub's answer to a publish. */
    public enum Outcome {
        /** Not sent (yet). */
        NONE,
        /** Sent, no answer (yet). */
        SENT,
        /** 200. */
        OK,
        /** Another status: the hub refused it. */
        REFUSED,
        /** No answer: timed out or the connection closed; the hub may or may not have taken it. */
        UNKNOWN
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final int capacity;
    private final long[] sentNanos;
    private final int[] subscribers;
    private final byte[] outcomes;
    private final AtomicIntegerArray received;
    private final AtomicIntegerArray lastMicros;
    private int completeFrom;

    public PublishLog(long capacity) {
        if (capacity > MAX_PUBLISHES) {
            throw new IllegalArgumentException("at most " + MAX_PUBLISHES + " publishes per run (rate x duration)");
        }
        this.capacity = (int) capacity;
        this.sentNanos = new long[this.capacity];
        this.subscribers = new int[this.capacity];
        this.outcomes = new byte[this.capacity];
        this.received = new AtomicIntegerArray(this.capacity);
        this.lastMicros = new AtomicIntegerArray(this.capacity);
    }

    public int capacity() {
        return capacity;
    }

    public void sent(int seq, long nanos, int topicSubscribers) {
        sentNanos[seq] = nanos;
        subscribers[seq] = topicSubscribers;
        outcomes[seq] = (byte) Outcome.SENT.ordinal();
    }

    public void answered(int seq, Outcome outcome) {
        outcomes[seq] = (byte) outcome.ordinal();
    }

    /** When publish {@code seq} was sent ({@link System#nanoTime()}). */
    public long sentNanos(int seq) {
        return sentNanos[seq];
    }

    /** The accepted publishes of {@code group} (publish s goes to group s mod groups), by sequence. */
    public long[] accepted(int group, int groups) {
        java.util.stream.LongStream.Builder out = java.util.stream.LongStream.builder();
        for (int i = group; i < capacity; i += groups) {
            if (outcome(i) == Outcome.OK) {
                out.add(i);
            }
        }
        return out.build().toArray();
    }

    public Outcome outcome(int seq) {
        return OUTCOMES[outcomes[seq]];
    }

    /**
     * Counts one delivery of publish {@code seq}, {@code latencyNanos} after it was sent.
     *
     * @return false when {@code seq} is not one of this run's publishes
     */
    public boolean delivered(long seq, long latencyNanos) {
        if (seq < 0 || seq >= capacity) {
            return false;
        }
        int i = (int) seq;
        received.incrementAndGet(i);
        int micros = (int) Math.min(Integer.MAX_VALUE, latencyNanos / 1_000);
        int last = lastMicros.get(i);
        while (micros > last && !lastMicros.compareAndSet(i, last, micros)) {
            last = lastMicros.get(i);
        }
        return true;
    }

    /** Each publish's expected deliveries (its topic's subscribers when it was sent), by sequence. */
    public int[] expectedCounts() {
        return subscribers.clone();
    }

    /** Each publish's deliveries, by sequence. */
    public int[] receivedCounts() {
        int[] out = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            out[i] = received.get(i);
        }
        return out;
    }

    /** Each publish's latest delivery (µs after it was sent), by sequence. */
    public int[] lastDeliveryMicros() {
        int[] out = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            out[i] = lastMicros.get(i);
        }
        return out;
    }

    /**
     * Adds another process's subscribers to these publishes: their expected deliveries and their
     * deliveries, and their latest delivery if later. The run's thread, after publishing.
     *
     * @throws IllegalArgumentException when the arrays do not have one entry per publish
     */
    public void merge(int[] expected, int[] got, int[] latestMicros) {
        if (expected.length != capacity || got.length != capacity || latestMicros.length != capacity) {
            throw new IllegalArgumentException("a worker reported " + expected.length + " publishes, not " + capacity);
        }
        for (int i = 0; i < capacity; i++) {
            subscribers[i] += expected[i];
            received.addAndGet(i, got[i]);
            if (latestMicros[i] > lastMicros.get(i)) {
                lastMicros.set(i, latestMicros[i]);
            }
        }
    }

    /**
     * Whether every accepted publish has all its expected deliveries. Called repeatedly while
     * waiting for stragglers; it resumes where it found the first incomplete one.
     */
    public boolean allDelivered() {
        while (completeFrom < capacity) {
            Outcome o = outcome(completeFrom);
            if (o == Outcome.OK && received.get(completeFrom) < subscribers[completeFrom]) {
                return false;
            }
            completeFrom++;
        }
        return true;
    }

    /**
     * @param expected the deliveries of accepted publishes: their topic's subscribers when sent
     * @param received the deliveries of accepted publishes, at most the expected of each
     * @param extra deliveries beyond the expected of a publish (duplicates, or subscribers that
     *     arrived late)
     * @param incompletePublishes accepted publishes that missed at least one subscriber
     * @param unacknowledged deliveries of publishes whose answer never came
     * @param fanOut of each complete accepted publish with subscribers, the time until its last
     *     delivery
     */
    public record Summary(long expected, long received, long extra, long incompletePublishes, long unacknowledged,
            Latency fanOut) {}

    public Summary summary() {
        long expected = 0;
        long got = 0;
        long extra = 0;
        long incomplete = 0;
        long unacknowledged = 0;
        Histogram fanOut = new Histogram(1_000, Metrics.HIGHEST_LATENCY_NANOS, 3);
        for (int i = 0; i < capacity; i++) {
            Outcome o = outcome(i);
            int r = received.get(i);
            if (o == Outcome.OK) {
                int want = subscribers[i];
                expected += want;
                got += Math.min(r, want);
                extra += Math.max(0, r - want);
                if (r < want) {
                    incomplete++;
                } else if (want > 0) {
                    fanOut.recordValue(Metrics.clamp(lastMicros.get(i) * 1_000L));
                }
            } else {
                unacknowledged += r;
            }
        }
        return new Summary(expected, got, extra, incomplete, unacknowledged, Latency.of(fanOut));
    }
}
