package dev.quicksilver.loadtest.workers;

import dev.quicksilver.loadtest.report.Json;
import dev.quicksilver.loadtest.report.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker tells its coordinator, one JSON line on its stdout after {@link #PREFIX}: first
 * once its subscribers are connected ({@code type} {@value #CONNECTED}; the fields from
 * {@code openAtEnd} on are empty), then its result ({@value #RESULT}). Counts are of its own
 * subscribers; the per-publish arrays and histograms are {@link Codec} text.
 *
 * @param failures subscribers that could not be established, by reason
 * @param rampStop why its ramp stopped early, or null
 * @param openPerHubAtConnect its streams open on each hub once connected
 * @param expected each publish's expected deliveries here (subscribers present when it was sent)
 * @param received each publish's deliveries here (the first of each subscriber only)
 * @param lastMicros each publish's latest delivery here, µs after it was sent
 * @param latency the delivery latency histogram (ns)
 * @param reconnectTime the time-to-reconnect histogram (ns)
 */
public record WorkerReport(String type, int worker, long pid, int requested, int started, int established,
        Map<String, Long> failures, double connectS, String rampStop, List<Integer> openPerHubAtConnect,
        int openAtEnd, List<Integer> openPerHub, Map<String, Long> disconnects, long heartbeats, long foreign,
        long duplicates, long reconnects, Map<String, Long> reconnectFailures, String reconnectTime, String latency,
        String expected, String received, String lastMicros, double settleS, double cpuS, long rssKb) {

    /** What starts a worker's message line (anything else on its stdout is passed on as a log line). */
    public static final String PREFIX = "quicksilver-worker ";
    public static final String CONNECTED = "connected";
    public static final String RESULT = "result";

    /** The line to print. */
    public String line() {
        return PREFIX + Json.write(this);
    }

    /**
     * Reads a message line (with or without {@link #PREFIX}).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static WorkerReport parse(String line) {
        String json = line.startsWith(PREFIX) ? line.substring(PREFIX.length()) : line;
        Object m = JsonReader.parse(json);
        if (!(m instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a worker message is a JSON object");
        }
        return new WorkerReport(string(m, "type"), (int) num(m, "worker"), (long) num(m, "pid"),
                (int) num(m, "requested"), (int) num(m, "started"), (int) num(m, "established"),
                counts(m, "failures"), num(m, "connectS"), string(m, "rampStop"), ints(m, "openPerHubAtConnect"),
                (int) num(m, "openAtEnd"), ints(m, "openPerHub"), counts(m, "disconnects"), (long) num(m, "heartbeats"),
                (long) num(m, "foreign"), (long) num(m, "duplicates"), (long) num(m, "reconnects"),
                counts(m, "reconnectFailures"), string(m, "reconnectTime"), string(m, "latency"),
                string(m, "expected"), string(m, "received"), string(m, "lastMicros"), num(m, "settleS"),
                num(m, "cpuS"), (long) num(m, "rssKb"));
    }

    private static double num(Object m, String key) {
        double v = JsonReader.number(m, key);
        return Double.isNaN(v) ? 0 : v;
    }

    private static String string(Object m, String key) {
        return JsonReader.at(m, key) instanceof String s ? s : null;
    }

    private static List<Integer> ints(Object m, String key) {
        List<Integer> out = new ArrayList<>();
        for (Object o : JsonReader.list(m, key)) {
            out.add(o instanceof Double d ? d.intValue() : 0);
        }
        return out;
    }

    private static Map<String, Long> counts(Object m, String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (JsonReader.at(m, key) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Double d ? d.longValue() : 0L));
        }
        return out;
    }
}
