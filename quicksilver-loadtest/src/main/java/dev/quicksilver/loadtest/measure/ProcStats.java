package dev.quicksilver.loadtest.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and memory of a process and its descendants (nginx's workers, for instance), read from
 * Linux's {@code /proc}. Each reading is a {@link Usage}; differences of two give the CPU spent
 * between them. Memory is given two ways: the sum of resident set sizes (which counts memory shared
 * between the processes once per process), and the sum of proportional set sizes (PSS, which splits
 * shared pages between their users), the fair figure to compare a multi-process server with a
 * single-process one.
 */
public final class ProcStats {
    /** One reading. {@code cpuTicks} is utime + stime in clock ticks; -1 fields could not be read. */
    public record Usage(long nanoTime, long cpuTicks, long rssKb, long pssKb, int threads) {
        /** CPU seconds spent between {@code earlier} and this reading. */
        public double cpuSecondsSince(Usage earlier, long ticksPerSecond) {
            if (earlier == null || cpuTicks < 0 || earlier.cpuTicks < 0) {
                return Double.NaN;
            }
            return (double) (cpuTicks - earlier.cpuTicks) / ticksPerSecond;
        }

        /** CPU use between {@code earlier} and this reading, in percent of one core. */
        public double cpuPercentSince(Usage earlier, long ticksPerSecond) {
            double seconds = (nanoTime - earlier.nanoTime) / 1e9;
            return seconds <= 0 ? Double.NaN : 100 * cpuSecondsSince(earlier, ticksPerSecond) / seconds;
        }
    }

    private static final long DEFAULT_TICKS = 100;
    private static volatile long ticksPerSecond;

    private final long pid;
    private final Path stat;
    private final Path status;
    /** The other processes read with this one (the nodes of a cluster), or empty. */
    private final List<ProcStats> others;
    /** This process's CPU ticks at its last successful reading in a sum, or -1. */
    private volatile long lastCpuTicks = -1;

    public ProcStats(long pid) {
        this.pid = pid;
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.others = List.of();
    }

    /** Several processes (the nodes of a cluster) read as one: their sums; the first is {@link #pid()}. */
    public ProcStats(List<Long> pids) {
        this.pid = pids.get(0);
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.others = pids.subList(1, pids.size()).stream().map(ProcStats::new).toList();
    }

    public long pid() {
        return pid;
    }

    /** Whether the process exists and its /proc entry is readable. */
    public boolean readable() {
        return Files.isReadable(stat) && others.stream().allMatch(ProcStats::readable);
    }

    /**
     * Reads now, over the process and its descendants (and the other processes, summed); fields
     * that cannot be read (the process ended) are -1. Of several processes, one that ended counts
     * in the CPU sum with its last reading (CPU time only grows, so a sum never goes down when a
     * node is killed; what it spent after that reading is missing: see the notes of the run), and
     * for nothing in the memory sums.
     */
    public Usage read() {
        if (others.isEmpty()) {
            return readOne();
        }
        long now = System.nanoTime();
        long cpu = 0;
        long rss = 0;
        long pss = 0;
        long threads = 0;
        boolean any = false;
        for (ProcStats p : all()) {
            Usage u = p.readOne();
            if (u.cpuTicks() >= 0) {
                p.lastCpuTicks = u.cpuTicks();
                rss += u.rssKb();
                pss += u.pssKb();
                threads += u.threads();
                any = true;
            }
            cpu += Math.max(0, p.lastCpuTicks);
        }
        return any ? new Usage(now, cpu, rss, pss, (int) threads) : new Usage(now, -1, -1, -1, -1);
    }

    private List<ProcStats> all() {
        List<ProcStats> all = new ArrayList<>(others.size() + 1);
        all.add(this);
        all.addAll(others);
        return all;
    }

    private Usage readOne() {
        long now = System.nanoTime();
        long cpu = statTicks(stat);
        long rss = field(status, "VmRSS:");
        long pss = field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
        long threads = field(status, "Threads:");
        if (cpu < 0) {
            return new Usage(now, -1, -1, -1, -1);
        }
        for (long child : descendants()) {
            Path dir = Path.of("/proc", Long.toString(child));
            cpu += Math.max(0, statTicks(dir.resolve("stat")));
            rss += Math.max(0, field(dir.resolve("status"), "VmRSS:"));
            pss += Math.max(0, field(dir.resolve("smaps_rollup"), "Pss:"));
            threads += Math.max(0, field(dir.resolve("status"), "Threads:"));
        }
        return new Usage(now, cpu, rss, pss, (int) threads);
    }

    private long[] descendants() {
        return ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(ProcessHandle::pid).toArray())
                .orElse(new long[0]);
    }

    /**
     * CPU ticks of this process's threads whose name starts with {@code prefix} (Linux truncates
     * thread names to 15 characters), or -1.
     */
    public long threadTicks(String prefix) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        boolean any = false;
        try (var dirs = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) dirs::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
                    if (comm.startsWith(prefix)) {
                        long t = statTicks(task.resolve("stat"));
                        if (t >= 0) {
                            sum += t;
                            any = true;
                        }
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return any ? sum : -1;
    }

    /**
     * The whole host's CPU ticks from /proc/stat: {busy, total}, over all cores; null if unreadable.
     */
    public static long[] hostTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user..steal; guest is inside user
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy percent of the host's CPUs between two {@link #hostTicks()} readings, or NaN. */
    public static double hostBusyPercent(long[] earlier, long[] later) {
        if (earlier == null || later == null || later[1] <= earlier[1]) {
            return Double.NaN;
        }
        return 100.0 * (later[0] - earlier[0]) / (later[1] - earlier[1]);
    }

    private static long statTicks(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
            String[] fields = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return -1;
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 when it cannot be asked. */
    public static long ticksPerSecond() {
        long t = ticksPerSecond;
        if (t == 0) {
            t = DEFAULT_TICKS;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    t = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
                } else {
                    p.destroyForcibly();
                }
            } catch (IOException | RuntimeException e) {
                // keep the default
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticksPerSecond = t;
        }
        return t;
    }
}
