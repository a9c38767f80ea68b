package dev.quicksilver.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line charts as inline SVG, for the HTML reports: no script, no external resource. A NaN y value
 * breaks its line (a second without deliveries has no latency).
 */
public final class Svg {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final int Y_TICKS = 5;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};

    private Svg() {}

    /** One line: points (x[k], y[k]). */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y differ in length");
            }
        }
    }

    /** A labelled position on the x axis. */
    public record Tick(double x, String label) {}

    /** The color of the k-th series, so that tables can use the same. */
    public static String color(int k) {
        return COLORS[k % COLORS.length];
    }

    /**
     * A chart of {@code series} with y from 0 to a rounded maximum.
     *
     * @param xTicks where to label the x axis, or null for evenly spaced numbers
     */
    public static String lineChart(String title, String xLabel, String yLabel, List<Series> series, List<Tick> xTicks) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = 0;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                if (Double.isFinite(s.x()[k]) && Double.isFinite(s.y()[k])) {
                    minX = Math.min(minX, s.x()[k]);
                    maxX = Math.max(maxX, s.x()[k]);
                    maxY = Math.max(maxY, s.y()[k]);
                }
            }
        }
        StringBuilder out = new StringBuilder(4096);
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>", WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
        text(out, WIDTH / 2.0, 16, "middle", "title", title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT, TOP, plotW, plotH));
        if (minX > maxX) {
            text(out, WIDTH / 2.0, TOP + plotH / 2.0, "middle", "empty", "no data");
            return out.append("</svg>").toString();
        }
        if (minX == maxX) {
            maxX = minX + 1;
        }
        double topY = niceCeiling(maxY);
        double x0 = minX;
        double xSpan = maxX - minX;
        for (int k = 0; k <= Y_TICKS; k++) {
            double v = topY * k / Y_TICKS;
            double py = TOP + plotH - plotH * v / topY;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, py, LEFT + plotW, py));
            text(out, LEFT - 6, py + 4, "end", "tick", number(v));
        }
        List<Tick> ticks = xTicks != null ? xTicks : evenTicks(minX, maxX);
        for (Tick t : ticks) {
            if (t.x() < minX || t.x() > maxX) {
                continue;
            }
            double px = LEFT + plotW * (t.x() - x0) / xSpan;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>",
                    px, TOP, px, TOP + plotH));
            text(out, px, TOP + plotH + 16, "middle", "tick", t.label());
        }
        text(out, LEFT + plotW / 2.0, HEIGHT - 6, "middle", "axis", xLabel);
        out.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>", TOP + plotH / 2.0, TOP + plotH / 2.0, Html.escape(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int p = 0; p < s.x().length; p++) {
                double x = s.x()[p];
                double y = s.y()[p];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    pen = false;
                    continue;
                }
                double px = LEFT + plotW * (x - x0) / xSpan;
                double py = TOP + plotH - plotH * y / topY;
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", px, py));
                pen = true;
            }
            out.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s</title></path>",
                    d.toString().trim(), color(k), Html.escape(s.name())));
            double ly = TOP + 14 + 14 * k;
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"3\" fill=\"%s\"/>",
                    LEFT + 8, ly - 4, color(k)));
            text(out, LEFT + 22, ly, "start", "legend", s.name());
        }
        return out.append("</svg>").toString();
    }

    /** Ticks at percentiles 0, 90, 99, 99.9 ... on the axis x = -log10(1 - p / 100), where the tail spreads out. */
    public static List<Tick> percentileTicks() {
        List<Tick> out = new ArrayList<>();
        String[] labels = {"0", "90", "99", "99.9", "99.99", "99.999"};
        for (int k = 0; k < labels.length; k++) {
            out.add(new Tick(k, labels[k]));
        }
        return out;
    }

    /** The x position of percentile {@code p} on the axis of {@link #percentileTicks()}. */
    public static double percentileX(double p) {
        return p >= 100 ? 5.0 : Math.min(5.0, -Math.log10(1 - p / 100));
    }

    private static List<Tick> evenTicks(double min, double max) {
        double step = niceCeiling((max - min) / 8);
        List<Tick> out = new ArrayList<>();
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && out.size() < 20; v += step) {
            out.add(new Tick(v, number(v)));
        }
        return out;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v}; 1 for 0. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static void text(StringBuilder out, double x, double y, String anchor, String cls, String s) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>",
                x, y, anchor, cls, Html.escape(s)));
    }
}
