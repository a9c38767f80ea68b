package dev.quicksilver.loadtest.report;

import dev.quicksilver.loadtest.measure.Latency;
import dev.quicksilver.loadtest.measure.SlowLog;
import java.util.Locale;
import java.util.Map;

/** The human summary of a {@link Result}. */
public final class Summary {
    private Summary() {}

    public static String of(Result r) {
        StringBuilder out = new StringBuilder();
        Result.Params p = r.params();
        line(out, "hub          %s (%s, %d source address%s%s)", r.hubUrl(), p.transport(), p.sourceAddresses(),
                p.sourceAddresses() == 1 ? "" : "es", p.h2Connections() == 0 ? ""
                        : ", HTTP/2 streams over " + p.h2Connections() + " connection" + (p.h2Connections() == 1 ? "" : "s"));
        Result.Subscribers s = r.subscribers();
        String over = p.templates() > 0 ? p.templates() + " URI Templates"
                : p.topics() + " topic" + (p.topics() == 1 ? " (broadcast)" : "s");
        int slow = r.slow() == null ? 0 : r.slow().requested();
        line(out, "subscribers  %d established of %d in %.1f s over %s; %d failed%s%s", s.established(),
                s.requested() - slow, s.connectS(), over, s.failed(), reasons(s.failures()),
                slow == 0 ? "" : " (and " + slow + " slow, below)");
        if (s.started() < s.requested()) {
            line(out, "             %d never started (the ramp stopped)", s.requested() - s.started());
        }
        if (s.disconnects() > 0) {
            line(out, "             %d disconnected during the run%s", s.disconnects(), reasons(s.disconnectReasons()));
        }
        Result.Publishing pub = r.publish();
        line(out, "publish      %d ok of %d planned at %s/s for %s s (%.1f/s achieved); %d failed%s%s",
                pub.ok(), pub.planned(), num(p.rate()), num(p.durationS()), pub.achievedRate(), pub.failed(),
                reasons(pub.failures()), pub.skipped() > 0 ? "; " + pub.skipped() + " not sent (backlog)" : "");
        line(out, "             POST answer ms: %s", latency(pub.responseMs()));
        if (!pub.connectFailures().isEmpty()) {
            line(out, "             publisher connect failures%s", reasons(pub.connectFailures()));
        }
        Result.Deliveries d = r.deliveries();
        line(out, "deliveries   %d received of %d expected (%s %%), %d lost (%d publishes incomplete); settled in %.2f s",
                d.received(), d.expected(), num(d.completenessPct()), d.lost(), d.incompletePublishes(), d.settleS());
        if (d.extra() + d.duplicates() + d.unacknowledged() + d.foreign() > 0) {
            line(out, "             %d duplicates, %d extra (subscribers that arrived late), %d of unanswered or "
                    + "refused publishes, %d foreign events", d.duplicates(), d.extra(), d.unacknowledged(), d.foreign());
        }
        SlowLog.Summary stalled = r.slow();
        if (stalled != null) {
            line(out, "slow         %d of %d stalled subscribers cut by the hub%s, %d not cut; they read %d of %d",
                    stalled.cut(), stalled.established(), reasons(stalled.cutReasons()), stalled.notCut(), stalled.received(),
                    stalled.expected());
            if (stalled.cut() > 0) {
                line(out, "             cut after the publishes sent %s to %s s into publishing", num(stalled.cutAfterFirstS()),
                        num(stalled.cutAfterLastS()));
            }
            if (p.resume()) {
                line(out, "             %d resumed with Last-Event-ID and recovered %d of the %d they missed",
                        stalled.resumed(), stalled.recovered(), stalled.toRecover());
            }
        }
        cluster(out, r.cluster());
        line(out, "latency ms   %s", latency(r.latencyMs()));
        line(out, "fan-out ms   %s", latency(d.fanOutMs()));
        Result.HubProcess h = r.hubProcess();
        if (h != null) {
            line(out, "hub pid %d   CPU %.2f s while connecting, %.2f s while publishing (%s µs per delivery)",
                    h.pid(), h.cpuSConnect(), h.cpuSPublish(), num(h.cpuUsPerDelivery()));
            line(out, "             RSS %s before, %s idle with subscribers (%s KB each), %s after; PSS idle %s; %d threads",
                    mb(h.rssKbBefore()), mb(h.rssKbIdle()), num(h.rssKbPerSubscriber()), mb(h.rssKbAfter()),
                    mb(h.pssKbIdle()), h.threads());
        }
        line(out, "tool         CPU %s s while publishing (subscriber threads %s %% of a core), RSS %s",
                num(r.toolProcess().cpuSPublish()), num(r.toolProcess().ioCpuPercentPublish()), mb(r.toolProcess().rssKbAfter()));
        line(out, "host         %d cores, %s %% busy while publishing", r.host().cores(), num(r.host().cpuBusyPctPublish()));
        for (String note : r.notes()) {
            line(out, "note         %s", note);
        }
        return out.toString();
    }

    private static void cluster(StringBuilder out, Result.Cluster c) {
        if (c == null) {
            return;
        }
        for (Result.Hub h : c.hubs()) {
            line(out, "hub          %s: %d established, %d open at the end, %d publishes sent (%s)", h.url(),
                    h.established(), h.openAtEnd(), h.published(), c.publishTo());
        }
        for (Result.Worker w : c.workers()) {
            line(out, "worker %-5d pid %d: %d established of %d, %d failed, %d open at the end, %d reconnected, "
                    + "%d duplicates, CPU %s s, RSS %s, latency p99 %s ms: %s", w.worker(), w.pid(), w.established(),
                    w.subscribers(), w.failed(), w.openAtEnd(), w.reconnects(), w.duplicates(), num(w.cpuS()),
                    mb(w.rssKb()), num(w.latencyMs().p99()), w.status());
        }
        for (Result.Node n : c.nodes()) {
            line(out, "node pid %-4d CPU %s s while connecting, %s s while publishing; RSS %s before, %s idle, %s after",
                    n.pid(), num(n.cpuSConnect()), num(n.cpuSPublish()), mb(n.rssKbBefore()), mb(n.rssKbIdle()),
                    mb(n.rssKbAfter()));
        }
        Result.Reconnection rc = c.reconnection();
        if (rc != null) {
            line(out, "reconnect    %d streams replaced, %d subscribers could not reconnect%s; time to reconnect ms: %s",
                    rc.reconnects(), rc.failed(), reasons(rc.failures()), latency(rc.timeMs()));
        }
    }

    private static String latency(Latency l) {
        if (l.count() == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (n=%d)", l.p50(), l.p90(),
                l.p99(), l.p999(), l.max(), l.count());
    }

    private static String reasons(Map<String, Long> reasons) {
        if (reasons.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        reasons.forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k).append(": ").append(v));
        return b.append(')').toString();
    }

    private static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
