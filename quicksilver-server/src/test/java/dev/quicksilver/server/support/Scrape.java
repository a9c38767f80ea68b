package dev.quicksilver.server.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code /metrics} answer in the Prometheus text format, parsed as a scraper does: each sample
 * line {@code name{labels} value} by its series ({@code name{labels}}, exactly as written);
 * {@code #} lines are comments (HELP, TYPE).
 */
public final class Scrape {
    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // Label values may hold spaces; the value is after the last one (no timestamps here).
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    public static Scrape parse(String text) {
        return new Scrape(text);
    }

    /** GETs and parses {@code /metrics} at this base URL ({@code http://host:port}); it must answer 200. */
    public static Scrape of(String base) {
        HttpResponse<String> response = TestHub.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** The value of a series, e.g. {@code mercure_subscriptions{type="exact"}}; fails when it is absent. */
    public double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return v;
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    public String text() {
        return text;
    }
}
