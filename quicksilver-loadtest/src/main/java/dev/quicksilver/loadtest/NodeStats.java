package dev.quicksilver.loadtest;

import dev.quicksilver.loadtest.measure.ProcStats;
import dev.quicksilver.loadtest.report.Result;
import java.util.ArrayList;
import java.util.List;

/** The hub processes of a cluster one by one (the run's hub figures are their sums), read at the phases' ends. */
final class NodeStats {
    private final List<ProcStats> nodes = new ArrayList<>();
    private final List<ProcStats.Usage> before = new ArrayList<>();
    private final List<ProcStats.Usage> idle = new ArrayList<>();
    private final List<ProcStats.Usage> after = new ArrayList<>();

    NodeStats(List<Long> pids) {
        for (long pid : pids) {
            nodes.add(new ProcStats(pid));
        }
    }

    void before() {
        read(before);
    }

    void idle() {
        read(idle);
    }

    void after() {
        read(after);
    }

    private void read(List<ProcStats.Usage> into) {
        into.clear();
        for (ProcStats p : nodes) {
            into.add(p.read());
        }
    }

    /** The processes that could not be read at the end. */
    List<Long> gone() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < nodes.size() && i < after.size(); i++) {
            if (after.get(i).cpuTicks() < 0) {
                out.add(nodes.get(i).pid());
            }
        }
        return out;
    }

    List<Result.Node> rows(long ticks) {
        List<Result.Node> out = new ArrayList<>();
        for (int i = 0; i < nodes.size() && i < after.size(); i++) {
            out.add(new Result.Node(nodes.get(i).pid(), round3(idle.get(i).cpuSecondsSince(before.get(i), ticks)),
                    round3(after.get(i).cpuSecondsSince(idle.get(i), ticks)), before.get(i).rssKb(),
                    idle.get(i).rssKb(), after.get(i).rssKb()));
        }
        return out;
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}
