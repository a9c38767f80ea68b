package dev.quicksilver.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTML reports, built from parsed result lines ({@link JsonReader}): one run's page (settings,
 * summary, charts), or several runs side by side with ratios to the first. Self-contained: inline
 * CSS and SVG, no script, no external resource.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** A parsed result line and the name it goes by in a comparison. */
    public record Run(String label, Object result) {}

    /** One run's report. */
    public static String run(Object result) {
        String title = "Load test: " + label(result, "run");
        StringBuilder body = new StringBuilder();
        body.append("<h2>Settings</h2>\n<table>\n");
        body.append(Html.row("hub", List.of(text(result, "hubUrl"))));
        body.append(Html.row("started at", List.of(text(result, "startedAt"))));
        if (JsonReader.at(result, "params") instanceof Map<?, ?> params) {
            params.forEach((k, v) -> body.append(Html.row(String.valueOf(k), List.of(value(v)))));
        }
        body.append("</table>\n<h2>Summary</h2>\n<table>\n");
        for (Rows.Row row : Rows.of(List.of(result))) {
            if (row.section() != null) {
                body.append(Html.sectionRow(row.section(), 2));
            }
            body.append(Html.row(row.label(), List.of(Html.number(row.value().applyAsDouble(result)))));
        }
        body.append("</table>\n");
        notes(body, result);
        charts(body, List.of(new Run(label(result, "run"), result)));
        return Html.page(title, body.toString());
    }

    /** Several runs side by side; each column after the first also gives its ratio to the first. */
    public static String compare(List<Run> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        List<String> labels = new ArrayList<>();
        runs.forEach(r -> labels.add(r.label()));
        StringBuilder body = new StringBuilder();
        body.append("<p>Ratios are each run's figure divided by the first run's (").append(Html.escape(runs.get(0).label()))
                .append(").</p>\n<table>\n");
        List<String> header = new ArrayList<>(List.of(""));
        for (int k = 0; k < runs.size(); k++) {
            header.add(runs.get(k).label());
            if (k > 0) {
                header.add("ratio");
            }
        }
        body.append(Html.headerRow(header));
        for (String setting : List.of("protocol", "h2Connections", "subscribers", "topics", "templates",
                "slowSubscribers", "rate", "durationS", "payloadBytes")) {
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < runs.size(); k++) {
                cells.add(value(JsonReader.at(runs.get(k).result(), "params." + setting)));
                if (k > 0) {
                    cells.add("");
                }
            }
            body.append(Html.row(setting, cells));
        }
        List<Object> results = new ArrayList<>();
        runs.forEach(r -> results.add(r.result()));
        for (Rows.Row row : Rows.of(results)) {
            if (row.section() != null) {
                body.append(Html.sectionRow(row.section(), header.size()));
            }
            double base = row.value().applyAsDouble(runs.get(0).result());
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < runs.size(); k++) {
                double v = row.value().applyAsDouble(runs.get(k).result());
                cells.add(Html.number(v));
                if (k > 0) {
                    cells.add(ratioText(base, v));
                }
            }
            body.append(Html.row(row.label(), cells));
        }
        body.append("</table>\n");
        for (Run r : runs) {
            notes(body, r.result());
        }
        charts(body, runs);
        return Html.page("Load test comparison: " + String.join(" vs ", labels), body.toString());
    }

    /** {@code value / base}, NaN when either is missing or the base is 0. */
    public static double ratio(double base, double value) {
        if (Double.isNaN(base) || Double.isNaN(value) || base == 0) {
            return Double.NaN;
        }
        return value / base;
    }

    static String ratioText(double base, double value) {
        double r = ratio(base, value);
        return Double.isNaN(r) ? "-" : String.format(java.util.Locale.ROOT, "%.2f×", r);
    }

    /**
     * The run's label: its params.label, else protocol (and HTTP/2 mode) and subscriber count, else
     * {@code fallback}.
     */
    public static String label(Object result, String fallback) {
        if (JsonReader.at(result, "params.label") instanceof String s && !s.isEmpty()) {
            return s;
        }
        Object protocol = JsonReader.at(result, "params.protocol");
        double n = JsonReader.number(result, "params.subscribers");
        if (protocol != null && !Double.isNaN(n)) {
            double h2 = JsonReader.number(result, "params.h2Connections");
            return protocol + (h2 > 0 ? " over HTTP/2" : "") + ", " + Html.number(n) + " subscribers";
        }
        return fallback;
    }

    private static void notes(StringBuilder body, Object result) {
        List<?> notes = JsonReader.list(result, "notes");
        if (notes.isEmpty()) {
            return;
        }
        body.append("<p>Notes on ").append(Html.escape(label(result, "the run"))).append(":</p><ul>");
        for (Object n : notes) {
            body.append("<li class=\"note\">").append(Html.escape(String.valueOf(n))).append("</li>");
        }
        body.append("</ul>\n");
    }

    private static void charts(StringBuilder body, List<Run> runs) {
        boolean one = runs.size() == 1;
        List<Svg.Series> latency = new ArrayList<>();
        List<Svg.Series> deliveries = new ArrayList<>();
        List<Svg.Series> publishes = new ArrayList<>();
        List<Svg.Series> curve = new ArrayList<>();
        List<Svg.Series> rss = new ArrayList<>();
        for (Run r : runs) {
            String prefix = one ? "" : r.label() + " ";
            List<?> samples = JsonReader.list(r.result(), "timeline");
            double offset = publishStart(samples);
            double[] t = column(samples, "t", offset);
            latency.add(new Svg.Series(prefix + "p50", t, column(samples, "latencyP50Ms", 0)));
            latency.add(new Svg.Series(prefix + "p99", t, column(samples, "latencyP99Ms", 0)));
            deliveries.add(new Svg.Series(prefix + "received/s", t, column(samples, "received", 0)));
            publishes.add(new Svg.Series(prefix + "published/s", t, column(samples, "published", 0)));
            double[] kb = column(samples, "hubRssKb", 0);
            for (int k = 0; k < kb.length; k++) {
                kb[k] = kb[k] < 0 ? Double.NaN : kb[k] / 1024;
            }
            rss.add(new Svg.Series(prefix + "hub RSS", t, kb));
            List<?> points = JsonReader.list(r.result(), "latencyCurve");
            double[] px = new double[points.size()];
            double[] py = new double[points.size()];
            for (int k = 0; k < points.size(); k++) {
                px[k] = Svg.percentileX(JsonReader.number(points.get(k), "percentile"));
                py[k] = JsonReader.number(points.get(k), "ms");
            }
            curve.add(new Svg.Series(one ? "latency" : r.label(), px, py));
        }
        String time = "seconds since publishing began";
        body.append("<h2>Charts</h2>\n");
        body.append(Svg.lineChart("Delivery latency per second", time, "ms", latency, null)).append('\n');
        body.append(Svg.lineChart("Deliveries received per second", time, "deliveries/s", deliveries, null)).append('\n');
        body.append(Svg.lineChart("Publishes answered per second", time, "publishes/s", publishes, null)).append('\n');
        body.append(Svg.lineChart("Latency distribution", "percentile", "ms", curve, Svg.percentileTicks())).append('\n');
        body.append(Svg.lineChart("Hub resident memory (with --pid)", time, "MB", rss, null)).append('\n');
    }

    /** The time the publish phase began: the end of the last sample before it, or 0. */
    private static double publishStart(List<?> samples) {
        double start = 0;
        for (Object s : samples) {
            if ("connect".equals(JsonReader.at(s, "phase")) || "start".equals(JsonReader.at(s, "phase"))) {
                start = JsonReader.number(s, "t");
            }
        }
        return Double.isNaN(start) ? 0 : start;
    }

    private static double[] column(List<?> samples, String key, double offset) {
        double[] out = new double[samples.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = JsonReader.number(samples.get(k), key) - offset;
        }
        return out;
    }

    private static String text(Object result, String path) {
        return value(JsonReader.at(result, path));
    }

    private static String value(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return Html.number(d);
        }
        return String.valueOf(v);
    }
}
