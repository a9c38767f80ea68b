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
        List<Sample> timeline,
        Cluster cluster) {

    /**
     * The version of this JSON layout; bump it when a field changes meaning. 3: duplicates (a
     * subscriber receiving a publish twice) are counted apart from {@code extra}; {@code cluster}.
     */
    public static final int SCHEMA = 3;

    /**
     * Several hubs, worker processes or reconnection; null for one hub, one process.
     *
     * @param publishTo where the publishes went: random, round-robin or first
     * @param hubs one row per hub URL
     * @param workers one row per worker process (empty without {@code --workers})
     * @param reconnection null without {@code --reconnect}
     * @param nodes one row per hub process given with {@code --pid}, when there are several
     */
    public record Cluster(String publishTo, List<Hub> hubs, List<Worker> workers, Reconnection reconnection,
            List<Node> nodes) {}

    /** One hub process (a node of the cluster): CPU seconds per phase and resident memory. */
    public record Node(long pid, double cpuSConnect, double cpuSPublish, long rssKbBefore, long rssKbIdle,
            long rssKbAfter) {}

    /**
     * @param established streams open on it once every subscriber was connected
     * @param openAtEnd streams open on it at the end (reconnected subscribers move to the next hub)
     * @param published publishes sent to it
     */
    public record Hub(String url, int established, int openAtEnd, long published) {}

    /**
     * One worker process.
     *
     * @param failed its subscribers that failed: refused, or all of them when the worker died
     * @param status "ok", or why it failed (it died, or was killed for silence)
     * @param latencyMs its subscribers' delivery latency
     */
    public record Worker(int worker, long pid, int subscribers, int established, long failed, int openAtEnd,
            long disconnects, long reconnects, long duplicates, double settleS, double cpuS, long rssKb,
            Latency latencyMs, String status) {}

    /**
     * @param reconnects streams that ended and were replaced (on the next hub, with Last-Event-ID)
     * @param failed subscribers that could not reconnect, by the last attempt's reason
     * @param timeMs from a stream's end to its replacement's 200
     */
    public record Reconnection(long reconnects, long failed, Map<String, Long> failures, Latency timeMs) {}

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
     * @param extra first deliveries beyond a publish's expected (subscribers that arrived after it was sent)
     * @param duplicates events a subscriber had already received (the same publish twice, over one
     *     stream or two), counted in no other figure
     * @param unacknowledged deliveries of publishes without a 200 (timed out, or refused yet delivered)
     * @param foreign events whose data was not a publish of this run
     * @param fanOutMs per complete publish, the time from sending it to its last delivery
     */
    public record Deliveries(long expected, long received, long lost, double completenessPct,
            long incompletePublishes, long extra, long duplicates, long unacknowledged, long foreign, double settleS,
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
