package dev.quicksilver.loadtest.measure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;

/**
 * The fate of the slow subscribers: they stop reading once established, so that the hub's buffer
 * for them fills, and read again after publishing, to learn whether the hub cut them (the end of
 * their stream follows the last event the hub wrote) and, with resume, what they recover with
 * {@code Last-Event-ID}. Kept apart from the other subscribers' counts and latency.
 *
 * <p>Threads: each {@link Entry} is written on its subscriber's event loop and read by the run's
 * thread (volatile fields).
 */
public final class SlowLog {
    /** No event received yet. */
    public static final long NONE = -1;

    /**
     * One slow subscriber. A hub may store concurrent publishes in another order than their
     * sequence numbers, so what each stream held is kept as a set of sequences (a bit each).
     */
    public static final class Entry {
        public final int index;
        public final int group;
        public volatile boolean established;
        /** Why the hub ended the first stream, or null when it did not. */
        public volatile String cut;
        public volatile boolean resumed;
        public volatile String resumeFailure;
        private final BitSet first = new BitSet();
        private final BitSet again = new BitSet();
        private long lastSequence = NONE;
        private String lastEventId;
        private long received;
        private long recovered;

        Entry(int index, int group) {
            this.index = index;
            this.group = group;
        }

        /** An event of the first stream. On its event loop. */
        public synchronized void read(long seq, String eventId) {
            if (seq < Integer.MAX_VALUE && !first.get((int) seq)) {
                first.set((int) seq);
                received++;
            }
            lastSequence = seq;
            lastEventId = eventId;
        }

        /** An event of the stream resumed with Last-Event-ID. On its event loop. */
        public synchronized void reread(long seq) {
            if (seq < Integer.MAX_VALUE && !first.get((int) seq) && !again.get((int) seq)) {
                again.set((int) seq);
                recovered++;
            }
        }

        /** Distinct events read on the first stream. */
        public synchronized long received() {
            return received;
        }

        /** Distinct events read after resuming that the first stream did not have. */
        public synchronized long recovered() {
            return recovered;
        }

        /** The sequence of the last event read on the first stream, or {@link #NONE}. */
        public synchronized long lastSequence() {
            return lastSequence;
        }

        /** The id of the last event read on the first stream, to resume from. */
        public synchronized String lastEventId() {
            return lastEventId;
        }

        /** Of the given publishes, how many the first stream did not hold. */
        synchronized long missing(long[] publishes) {
            long n = 0;
            for (long seq : publishes) {
                n += seq < Integer.MAX_VALUE && first.get((int) seq) ? 0 : 1;
            }
            return n;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** @param groupOf the group of subscriber {@code i} */
    public SlowLog(int count, IntUnaryOperator groupOf) {
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(i, groupOf.applyAsInt(i)));
        }
    }

    public Entry get(int i) {
        return entries.get(i);
    }

    public int size() {
        return entries.size();
    }

    /**
     * Whether every slow subscriber is done: it failed to connect, or it holds as many events as
     * its group had accepted publishes, or it was cut and does not resume, or its resume failed.
     *
     * @param accepted the accepted publishes of a group
     */
    public boolean allDone(boolean resume, IntToLongFunction accepted) {
        for (Entry e : entries) {
            boolean done = !e.established || e.received() + e.recovered() >= accepted.applyAsLong(e.group)
                    || e.cut != null && (!resume || e.resumeFailure != null);
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** What the summary needs to know of the publishes. */
    public interface Publishes {
        /** The accepted publishes of {@code group}, by sequence. */
        long[] accepted(int group);

        /** When publish {@code seq} was sent, in seconds after publishing began. */
        double sentSeconds(long seq);
    }

    /** The summary of the slow subscribers. */
    public Summary summary(Publishes publishes) {
        int established = 0;
        int cut = 0;
        int resumed = 0;
        long received = 0;
        long recovered = 0;
        long toRecover = 0;
        long expected = 0;
        double firstCut = Double.NaN;
        double lastCut = Double.NaN;
        Map<String, Long> reasons = new TreeMap<>();
        for (Entry e : entries) {
            if (!e.established) {
                continue;
            }
            established++;
            long[] accepted = publishes.accepted(e.group);
            received += e.received();
            expected += accepted.length;
            if (e.cut != null) {
                cut++;
                reasons.merge(e.cut, 1L, Long::sum);
                double at = e.lastSequence() == NONE ? 0 : publishes.sentSeconds(e.lastSequence());
                firstCut = Double.isNaN(firstCut) ? at : Math.min(firstCut, at);
                lastCut = Double.isNaN(lastCut) ? at : Math.max(lastCut, at);
                if (e.resumed) {
                    resumed++;
                    recovered += e.recovered();
                    toRecover += e.missing(accepted);
                }
            }
        }
        return new Summary(entries.size(), established, cut, established - cut, reasons, firstCut, lastCut, expected,
                received, resumed, recovered, toRecover);
    }

    /**
     * @param requested slow subscribers asked for
     * @param cut whose stream the hub ended (by reason)
     * @param notCut still open when they read again
     * @param cutAfterFirstS of the cut ones, the earliest send time (seconds after publishing
     *     began) of the last event one read before the hub cut it
     * @param cutAfterLastS the latest such time
     * @param expected accepted publishes of their groups (what they would read if never cut)
     * @param received what they read on their first stream
     * @param resumed cut ones that reconnected with Last-Event-ID
     * @param recovered what those read after reconnecting that their first stream had not
     * @param toRecover what those missed: accepted publishes of their group their first stream had not
     */
    public record Summary(int requested, int established, int cut, int notCut, Map<String, Long> cutReasons,
            double cutAfterFirstS, double cutAfterLastS, long expected, long received, int resumed, long recovered,
            long toRecover) {}
}
