package dev.quicksilver.loadtest.workers;

import dev.quicksilver.loadtest.measure.Latency;
import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.Timeline;
import dev.quicksilver.loadtest.report.Result;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Folds the workers' messages into the coordinator's {@link Metrics}, so that the run's figures
 * (completeness, latency percentiles, failures) cover every worker's subscribers: the per-publish
 * counts are added publish by publish and the latency histograms merged, so the percentiles are
 * those of all deliveries, not an average of the workers'. A worker that failed counts all its
 * subscribers as failed.
 *
 * @param rows one per worker
 * @param openPerHub streams open on each hub at the end, over the workers that reported
 * @param established subscribers established once connected, over the workers that reported
 * @param started subscriber connections started
 */
public record WorkerResults(List<Result.Worker> rows, int[] openPerHub, int established, int started) {

    /**
     * Once connected: adds the workers' established subscribers and failures to {@code metrics}
     * (a worker that said nothing: all its subscribers failed).
     *
     * @return the streams open on each hub
     */
    public static int[] connected(Workers workers, Metrics metrics) {
        int[] perHub = new int[metrics.openPerHub.length()];
        for (Workers.Child c : workers.children()) {
            WorkerReport r = c.connected();
            if (r == null) {
                metrics.connectFailures.add(reason(c), c.requested());
                continue;
            }
            metrics.established.addAndGet(r.established());
            metrics.connectFailures.addAll(r.failures());
            for (int h = 0; h < perHub.length && h < r.openPerHubAtConnect().size(); h++) {
                perHub[h] += r.openPerHubAtConnect().get(h);
            }
        }
        return perHub;
    }

    /** Once the results are in (or not): adds them to {@code metrics}, the latency and the reconnection times. */
    public static WorkerResults merge(Workers workers, Metrics metrics, Timeline timeline, Histogram reconnectTime) {
        List<Result.Worker> rows = new ArrayList<>();
        int[] perHub = new int[metrics.openPerHub.length()];
        int established = 0;
        int started = 0;
        for (Workers.Child c : workers.children()) {
            WorkerReport r = c.result();
            Decoded d = r == null ? null : decode(c, r, metrics.publishes.capacity());
            if (d == null) {
                WorkerReport connected = c.connected();
                if (connected != null) {
                    started += connected.started();
                    // Counted as established once connected: they are failed now.
                    metrics.established.addAndGet(-connected.established());
                    metrics.connectFailures.add(reason(c), connected.established());
                }
                rows.add(new Result.Worker(c.index(), c.pid(), c.requested(), 0, c.requested(), 0, 0, 0, 0, Double.NaN,
                        Double.NaN, -1, Latency.of(new Histogram(3)), c.failure()));
                continue;
            }
            metrics.publishes.merge(d.expected, d.received, d.lastMicros);
            timeline.addLatency(d.latency);
            reconnectTime.add(d.reconnectTime);
            metrics.disconnects.addAll(r.disconnects());
            metrics.heartbeats.add(r.heartbeats());
            metrics.foreignEvents.add(r.foreign());
            metrics.duplicates.add(r.duplicates());
            metrics.reconnects.add(r.reconnects());
            metrics.reconnectFailures.addAll(r.reconnectFailures());
            metrics.established.addAndGet(r.openAtEnd() - r.established());
            established += r.established();
            started += r.started();
            for (int h = 0; h < perHub.length && h < r.openPerHub().size(); h++) {
                perHub[h] += r.openPerHub().get(h);
            }
            long failed = r.failures().values().stream().mapToLong(Long::longValue).sum();
            long disconnects = r.disconnects().values().stream().mapToLong(Long::longValue).sum();
            rows.add(new Result.Worker(c.index(), c.pid(), c.requested(), r.established(), failed, r.openAtEnd(),
                    disconnects, r.reconnects(), r.duplicates(), r.settleS(), round3(r.cpuS()), r.rssKb(),
                    Latency.of(d.latency), "ok"));
        }
        return new WorkerResults(List.copyOf(rows), perHub, established, started);
    }

    private record Decoded(int[] expected, int[] received, int[] lastMicros, Histogram latency,
            Histogram reconnectTime) {}

    /** The result's encoded parts, or null (and the worker marked failed) when one is malformed. */
    private static Decoded decode(Workers.Child c, WorkerReport r, int publishes) {
        try {
            Decoded d = new Decoded(Codec.ints(r.expected()), Codec.ints(r.received()), Codec.ints(r.lastMicros()),
                    Codec.histogram(r.latency()), Codec.histogram(r.reconnectTime()));
            if (d.expected.length != publishes || d.received.length != publishes || d.lastMicros.length != publishes) {
                throw new IllegalArgumentException("counts of " + d.expected.length + " publishes, not " + publishes);
            }
            return d;
        } catch (IllegalArgumentException | NullPointerException e) {
            c.failure = "sent a malformed result: " + e.getMessage();
            return null;
        }
    }

    private static String reason(Workers.Child c) {
        return "worker " + c.index() + ": " + c.failure();
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}
