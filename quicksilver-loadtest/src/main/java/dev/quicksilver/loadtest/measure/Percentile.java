package dev.quicksilver.loadtest.measure;

/** A point of a latency distribution: {@code percentile} % of the values were at most {@code ms}. */
public record Percentile(double percentile, double ms) {}
