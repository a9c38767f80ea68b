package dev.quicksilver.loadtest.measure;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The live counters of one run, written by the event loops and read by the {@link Timeline} and
 * the final report. Every field is thread-safe; writers never block (LongAdder, HdrHistogram
 * {@link Recorder}).
 */
public final class Metrics {
    /** Latencies are recorded in nanoseconds, resolved to the microsecond, up to this. */
    public static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long LOWEST_LATENCY_NANOS = 1_000;

    /** When this run (this process's part of it) started: every publish of the run is sent later. */
    private final long startNanos = System.nanoTime();

    // Subscribers
    public final LongAdder connectAttempts = new LongAdder();
    public final AtomicInteger established = new AtomicInteger();
    /** Established subscribers per group ({@code TopicPlan}), the slow ones apart. */
    public final AtomicIntegerArray establishedPerTopic;
    public final Tally connectFailures = new Tally();
    /** Streams that ended after they were established, by reason. */
    public final Tally disconnects = new Tally();
    public final AtomicInteger openFileLimitHits = new AtomicInteger();
    /** Streams open now on each hub (a reconnected subscriber moves to another hub). */
    public final AtomicIntegerArray openPerHub;

    // Reconnection (--reconnect)
    /** Streams that ended and were opened again (on the next hub, with Last-Event-ID). */
    public final LongAdder reconnects = new LongAdder();
    /** Subscribers that could not reconnect, by the last attempt's reason. */
    public final Tally reconnectFailures = new Tally();
    /** From a stream's end to its replacement's 200. */
    public final Recorder reconnectTime = newRecorder();

    // Deliveries
    public final LongAdder received = new LongAdder();
    /** Events whose data did not start with a timestamp (not ours). */
    public final LongAdder foreignEvents = new LongAdder();
    public final LongAdder heartbeats = new LongAdder();
    /** Events a subscriber had already received (the same publish twice), not counted as deliveries. */
    public final LongAdder duplicates = new LongAdder();
    public final Recorder latency = newRecorder();

    // Publishing
    public final AtomicLong publishAttempts = new AtomicLong();
    public final AtomicLong published = new AtomicLong();
    public final Tally publishFailures = new Tally();
    /** Failed attempts to open a publisher connection (it retries). */
    public final Tally publishConnectFailures = new Tally();
    /** Publishes sent to each hub. */
    public final AtomicLongArray publishedPerHub;
    /** Publishes not sent because every connection was busy and the backlog was full. */
    public final AtomicLong publishSkipped = new AtomicLong();
    /** Deliveries the published updates should cause: the established subscribers of each topic. */
    public final AtomicLong expected = new AtomicLong();
    public final Recorder publishLatency = newRecorder();
    /** Each publish's outcome and deliveries. */
    public final PublishLog publishes;
    /** The slow subscribers, kept out of every count above. */
    public final SlowLog slow;

    public Metrics(int topics, long plannedPublishes, SlowLog slow) {
        this(topics, plannedPublishes, slow, 1);
    }

    public Metrics(int topics, long plannedPublishes, SlowLog slow, int hubs) {
        this.establishedPerTopic = new AtomicIntegerArray(topics);
        this.openPerHub = new AtomicIntegerArray(hubs);
        this.publishedPerHub = new AtomicLongArray(hubs);
        this.publishes = new PublishLog(plannedPublishes);
        this.slow = slow;
    }

    /**
     * Records one event received at {@code nowNanos} whose data said it was publish {@code seq},
     * sent at {@code sentNanos}: a delivery if these are plausible, else a foreign event.
     */
    public void delivered(long sentNanos, long seq, long nowNanos) {
        if (!plausible(sentNanos, seq, nowNanos)) {
            foreignEvents.increment();
            return;
        }
        long latencyNanos = nowNanos - sentNanos;
        publishes.delivered(seq, latencyNanos);
        received.increment();
        latency.recordValue(latencyNanos);
    }

    /**
     * Whether an event that says it is publish {@code seq}, sent at {@code sentNanos}, can be one of
     * this run's: not sent before the run started (an earlier run's event replayed from history),
     * nor in the future, nor too long ago.
     */
    public boolean plausible(long sentNanos, long seq, long nowNanos) {
        long latencyNanos = nowNanos - sentNanos;
        return sentNanos - startNanos >= 0 && latencyNanos >= 0 && latencyNanos <= HIGHEST_LATENCY_NANOS && seq >= 0 && seq < publishes.capacity();
    }

    public static long clamp(long nanos) {
        return Math.max(0, Math.min(HIGHEST_LATENCY_NANOS, nanos));
    }

    private static Recorder newRecorder() {
        return new Recorder(LOWEST_LATENCY_NANOS, HIGHEST_LATENCY_NANOS, 3);
    }
}
