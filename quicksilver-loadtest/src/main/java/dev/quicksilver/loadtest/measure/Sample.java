package dev.quicksilver.loadtest.measure;

/**
 * One second of a run, for charts: counts are per interval, latencies are of the deliveries
 * received in the interval (ms; NaN when none), resources are of the interval (NaN, or -1 for
 * the RSS, when not measured). CPU percents are of one core, except {@code hostCpuPercent}: the busy share of all
 * the host's cores. {@code toolIoPercent} is the tool's subscriber threads.
 *
 * @param t seconds since the run started, at the end of the interval
 * @param phase the phase running at the end of the interval
 */
public record Sample(
        double t,
        String phase,
        int established,
        long connectFailures,
        long disconnects,
        long published,
        long publishFailures,
        long expected,
        long received,
        double latencyP50Ms,
        double latencyP99Ms,
        double latencyMaxMs,
        double hubCpuPercent,
        long hubRssKb,
        double toolCpuPercent,
        double toolIoPercent,
        double hostCpuPercent) {
}
