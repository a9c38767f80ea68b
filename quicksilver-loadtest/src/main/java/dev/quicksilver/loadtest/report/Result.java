package dev.quicksilver.loadtest.report;

import dev.quicksilver.loadtest.measure.Latency;
import dev.quicksilver.loadtest.measure.Percentile;
import dev.quicksilver.loadtest.measure.Sample;
import dev.quicksilver.loadtest.measure.SlowLog;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as written to the JSON line; later reports (charts) read it back.
 * Times are in seconds unless a name says otherwise; NaN (JSON null) means not measured.
 */
public record Result(
        String tool,
        int schema,
        String startedAt,
        String hubUrl,
        Params params,
        Subscribers subscribers,
        Publishing publish,
        Deliveries deliveries,
        SlowLog.Summary slow,
        Latency latencyMs,
        HubProcess hubProcess,
        ToolProcess toolProcess,
        Host host,
        List<String> notes,
        List<Percentile> latencyCurve,
        List<Sample> timeline) {

    /** The version of this JSON layout; bump it when a field changes meaning. */
    public static final int SCHEMA = 2;

    public record Params(int subscribers, int topics, String topicPrefix, double rate, double durationS,
            int payloadBytes, int sourceAddresses, int connectRate, double connectTimeoutS, double settleS,
            int ioThreads, int publishConnections, String transport, String protocol, String label, int templates,
            int slowSubscribers, boolean resume, int h2Connections) {}

    /**
     * @param established open at the end of the connect phase
     * @param openAtEnd open when the run ended
     */
    public record Subscribers(int requested, int started, int established, long failed, Map<String, Long> failures,
            double connectS, int openAtEnd, long disconnects, Map<String, Long> disconnectReasons, long heartbeats) {}

    /**
     * @param skipped not sent: every connection busy and the backlog full, or the phase out of time
     * @param responseMs POST answer time
     */
    public record Publishing(long planned, long attempted, long ok, long failed, Map<String, Long> failures,
            long skipped, Map<String, Long> connectFailures, double seconds, double achievedRate, Latency responseMs) {}

    /**
     * Deliveries of the publishes the hub accepted (200): each should reach its topic's subscribers
     * established when it was sent.
     *
     * @param received of the expected, received (a publish's extra deliveries are not counted)
     * @param incompletePublishes accepted publishes that missed at least one subscriber
     * @param extra deliveries beyond a publish's expected (duplicates)
     * @param unacknowledged deliveries of publishes without a 200 (timed out, or refused yet delivered)
     * @param foreign events whose data was not a publish of this run
     * @param fanOutMs per complete publish, the time from sending it to its last delivery
     */
    public record Deliveries(long expected, long received, long lost, double completenessPct,
            long incompletePublishes, long extra, long unacknowledged, long foreign, double settleS,
            Latency fanOutMs) {}

    /** The hub's process: CPU seconds per phase (from /proc, utime + stime) and resident memory. */
    public record HubProcess(long pid, double cpuSConnect, double cpuSPublish, double cpuUsPerDelivery,
            long rssKbBefore, long rssKbIdle, long rssKbAfter, double rssKbPerSubscriber, long pssKbBefore,
            long pssKbIdle, long pssKbAfter, int threads) {}

    /**
     * The tool itself while publishing (it shares the host with the hub).
     *
     * @param ioCpuPercentPublish its subscriber threads' CPU, in percent of one core: near 100 per
     *     thread, the tool (not the hub) limits the latency
     */
    public record ToolProcess(double cpuSPublish, double ioCpuPercentPublish, long rssKbAfter) {}

    /**
     * The host while publishing.
     *
     * @param cpuBusyPctPublish the busy share of all its cores (hub, tool and anything else)
     */
    public record Host(int cores, double cpuBusyPctPublish) {}
}
