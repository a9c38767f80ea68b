package dev.quicksilver.loadtest.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Samples the {@link Metrics} (and the hub's and the tool's CPU and memory) once a second into a
 * list of {@link Sample}s, and accumulates the whole run's latency histograms. It is the only
 * reader of the latency recorders: read the totals through it.
 *
 * <p>Thread-safe: {@link #sample()} runs on its own timer thread and, at the end, on the caller's.
 */
public final class Timeline {
    private final Metrics metrics;
    private final ProcStats hub;
    private final ProcStats tool;
    private final long ticks;
    private final long startNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Histogram latency;
    private final Histogram publishLatency;
    private Histogram latencyInterval;
    private Histogram publishInterval;
    private ScheduledExecutorService timer;
    private volatile String phase = "start";

    private long lastConnectFailures;
    private long lastDisconnects;
    private long lastPublished;
    private long lastPublishFailures;
    private long lastExpected;
    private long lastReceived;
    private ProcStats.Usage lastHub;
    private ProcStats.Usage lastTool;
    private long lastIoTicks;
    private long lastIoNanos;
    private long[] lastHost;
    /** Thread-name prefix of the tool's subscriber event loops. */
    public static final String IO_THREAD_PREFIX = "loadtest-sub";

    /** @param hub the hub's process, or null when not measured */
    public Timeline(Metrics metrics, ProcStats hub, long startNanos) {
        this.metrics = metrics;
        this.hub = hub;
        this.tool = new ProcStats(ProcessHandle.current().pid());
        this.ticks = ProcStats.ticksPerSecond();
        this.startNanos = startNanos;
        this.latencyInterval = metrics.latency.getIntervalHistogram();
        this.publishInterval = metrics.publishLatency.getIntervalHistogram();
        this.latency = new Histogram(latencyInterval.getLowestDiscernibleValue(),
                latencyInterval.getHighestTrackableValue(), latencyInterval.getNumberOfSignificantValueDigits());
        this.publishLatency = latency.copy();
        this.lastHub = hub == null ? null : hub.read();
        this.lastTool = tool.read();
        this.lastIoTicks = tool.threadTicks(IO_THREAD_PREFIX);
        this.lastIoNanos = System.nanoTime();
        this.lastHost = ProcStats.hostTicks();
    }

    public void phase(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    /** Samples once a second until {@link #stop()}. */
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-timeline");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the timer and takes a last sample, so that the totals hold every recorded value. */
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t == null) {
            return;
        }
        {
            t.shutdownNow();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sample();
    }

    /** Takes one sample now. */
    public synchronized void sample() {
        latencyInterval = metrics.latency.getIntervalHistogram(latencyInterval);
        publishInterval = metrics.publishLatency.getIntervalHistogram(publishInterval);
        latency.add(latencyInterval);
        publishLatency.add(publishInterval);

        long connectFailures = metrics.connectFailures.total();
        long disconnects = metrics.disconnects.total();
        long published = metrics.published.get();
        long publishFailures = metrics.publishFailures.total();
        long expected = metrics.expected.get();
        long received = metrics.received.sum();
        double hubCpu = Double.NaN;
        long hubRss = -1;
        if (hub != null) {
            ProcStats.Usage now = hub.read();
            hubCpu = now.cpuPercentSince(lastHub, ticks);
            hubRss = now.rssKb();
            lastHub = now;
        }
        ProcStats.Usage toolNow = tool.read();
        double toolCpu = toolNow.cpuPercentSince(lastTool, ticks);
        lastTool = toolNow;
        long ioTicks = tool.threadTicks(IO_THREAD_PREFIX);
        long ioNanos = System.nanoTime();
        double toolIo = ioTicks < 0 || lastIoTicks < 0 || ioNanos == lastIoNanos ? Double.NaN
                : 100.0 * (ioTicks - lastIoTicks) / ticks / ((ioNanos - lastIoNanos) / 1e9);
        lastIoTicks = ioTicks;
        lastIoNanos = ioNanos;
        long[] host = ProcStats.hostTicks();
        double hostCpu = ProcStats.hostBusyPercent(lastHost, host);
        lastHost = host;

        boolean any = latencyInterval.getTotalCount() > 0;
        samples.add(new Sample(
                Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3,
                phase,
                metrics.established.get(),
                connectFailures - lastConnectFailures,
                disconnects - lastDisconnects,
                published - lastPublished,
                publishFailures - lastPublishFailures,
                expected - lastExpected,
                received - lastReceived,
                any ? Latency.ms(latencyInterval.getValueAtPercentile(50)) : Double.NaN,
                any ? Latency.ms(latencyInterval.getValueAtPercentile(99)) : Double.NaN,
                any ? Latency.ms(latencyInterval.getMaxValue()) : Double.NaN,
                round1(hubCpu),
                hubRss,
                round1(toolCpu),
                round1(toolIo),
                round1(hostCpu)));
        lastConnectFailures = connectFailures;
        lastDisconnects = disconnects;
        lastPublished = published;
        lastPublishFailures = publishFailures;
        lastExpected = expected;
        lastReceived = received;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Delivery latency of the whole run, up to the last sample. */
    public synchronized Latency latency() {
        return Latency.of(latency);
    }

    /** Adds deliveries measured elsewhere (a worker process) to the whole run's latency. */
    public synchronized void addLatency(Histogram h) {
        latency.add(h);
    }

    /** Publish (POST response) latency of the whole run, up to the last sample. */
    public synchronized Latency publishLatency() {
        return Latency.of(publishLatency);
    }

    /** A copy of the whole run's delivery latency histogram (ns), for reports that want more. */
    public synchronized Histogram latencyHistogram() {
        return latency.copy();
    }

    /** Percentiles at which {@link #latencyCurve()} reads the distribution. */
    static final double[] CURVE_PERCENTILES = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 98, 99,
        99.5, 99.75, 99.9, 99.95, 99.99, 99.995, 99.999, 100};

    /** The whole run's delivery latency distribution (ms) at {@link #CURVE_PERCENTILES}; empty when nothing was delivered. */
    public synchronized List<Percentile> latencyCurve() {
        List<Percentile> out = new ArrayList<>();
        if (latency.getTotalCount() == 0) {
            return out;
        }
        for (double p : CURVE_PERCENTILES) {
            long v = p >= 100 ? latency.getMaxValue() : p <= 0 ? latency.getMinValue() : latency.getValueAtPercentile(p);
            out.add(new Percentile(p, Latency.ms(v)));
        }
        return out;
    }

    private static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
