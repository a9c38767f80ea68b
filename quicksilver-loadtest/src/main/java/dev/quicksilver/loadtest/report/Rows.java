package dev.quicksilver.loadtest.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The rows of the summary table, shared by the one-run report and the comparison: what each
 * reads from a parsed result line.
 */
final class Rows {
    private Rows() {}

    /**
     * One row.
     *
     * @param section the table section it starts, or null to continue the current one
     */
    record Row(String section, String label, ToDoubleFunction<Object> value) {}

    private static Row at(String label, String path) {
        return new Row(null, label, r -> JsonReader.number(r, path));
    }

    private static Row first(String section, Row row) {
        return new Row(section, row.label(), row.value());
    }

    private static Row megabytes(String label, String path) {
        return new Row(null, label, r -> {
            double kb = JsonReader.number(r, path);
            return kb < 0 ? Double.NaN : Math.round(kb / 1024.0 * 10) / 10.0;
        });
    }

    /** Rows of runs with slow subscribers. */
    static final List<Row> SLOW = List.of(
            first("Slow subscribers (apart from every figure above)", at("stalled (established)", "slow.established")),
            at("cut by the hub", "slow.cut"),
            at("not cut", "slow.notCut"),
            at("cut after the publishes sent at (first) s", "slow.cutAfterFirstS"),
            at("cut after the publishes sent at (last) s", "slow.cutAfterLastS"),
            at("events read of those published to them", "slow.received"),
            at("published to them", "slow.expected"),
            at("resumed with Last-Event-ID", "slow.resumed"),
            at("recovered after resuming", "slow.recovered"),
            at("missed before resuming", "slow.toRecover"));

    /** The rows for these results: {@link #SLOW} only when one of them had slow subscribers. */
    static List<Row> of(List<?> results) {
        for (Object r : results) {
            if (JsonReader.at(r, "slow") != null) {
                List<Row> out = new java.util.ArrayList<>(SUMMARY);
                out.addAll(SLOW);
                return out;
            }
        }
        return SUMMARY;
    }

    static final List<Row> SUMMARY = List.of(
            first("Subscribers", at("established", "subscribers.established")),
            at("refused or failed", "subscribers.failed"),
            at("disconnected during the run", "subscribers.disconnects"),
            first("Publishing", at("planned", "publish.planned")),
            at("published (answered 2xx)", "publish.ok"),
            at("failed", "publish.failed"),
            at("not sent (backlog full)", "publish.skipped"),
            at("achieved rate /s", "publish.achievedRate"),
            at("POST answer p99 ms", "publish.responseMs.p99"),
            first("Deliveries", at("expected", "deliveries.expected")),
            at("received", "deliveries.received"),
            at("completeness %", "deliveries.completenessPct"),
            at("lost", "deliveries.lost"),
            at("duplicates (a publish received twice)", "deliveries.duplicates"),
            at("streams reconnected (--reconnect)", "cluster.reconnection.reconnects"),
            first("Latency (ms)", at("p50", "latencyMs.p50")),
            at("p90", "latencyMs.p90"),
            at("p99", "latencyMs.p99"),
            at("p99.9", "latencyMs.p999"),
            at("max", "latencyMs.max"),
            at("fan-out p99 (last delivery of a publish)", "deliveries.fanOutMs.p99"),
            first("Hub process", at("CPU s while connecting", "hubProcess.cpuSConnect")),
            at("CPU s while publishing", "hubProcess.cpuSPublish"),
            at("CPU µs per delivery", "hubProcess.cpuUsPerDelivery"),
            new Row(null, "CPU µs per publish", r -> {
                double cpu = JsonReader.number(r, "hubProcess.cpuSPublish");
                double ok = JsonReader.number(r, "publish.ok");
                return ok > 0 ? Math.round(cpu * 1e6 / ok * 1000) / 1000.0 : Double.NaN;
            }),
            megabytes("RSS MB before", "hubProcess.rssKbBefore"),
            megabytes("RSS MB during (subscribers connected)", "hubProcess.rssKbIdle"),
            megabytes("RSS MB after", "hubProcess.rssKbAfter"),
            megabytes("PSS MB before", "hubProcess.pssKbBefore"),
            megabytes("PSS MB during", "hubProcess.pssKbIdle"),
            megabytes("PSS MB after", "hubProcess.pssKbAfter"),
            at("RSS KB per subscriber", "hubProcess.rssKbPerSubscriber"),
            first("Host and tool", at("host CPU busy % while publishing", "host.cpuBusyPctPublish")),
            at("tool CPU s while publishing", "toolProcess.cpuSPublish"),
            at("tool subscriber threads % of a core", "toolProcess.ioCpuPercentPublish"));
}
