package dev.quicksilver.loadtest.measure;

import org.HdrHistogram.Histogram;

/** A latency distribution's summary, in milliseconds. */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                h.getMean() / 1e6);
    }

    /** Nanoseconds to milliseconds, rounded to the microsecond. */
    public static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
