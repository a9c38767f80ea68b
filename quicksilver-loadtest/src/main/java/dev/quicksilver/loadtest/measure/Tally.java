package dev.quicksilver.loadtest.measure;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts by reason (a status code, an error message). Thread-safe. */
public final class Tally {
    /** Reasons beyond this many distinct ones are counted under "other". */
    static final int MAX_REASONS = 64;

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void add(String reason) {
        add(reason, 1);
    }

    /** Adds {@code n} of {@code reason} (a count from another process, for instance). */
    public void add(String reason, long n) {
        if (n <= 0) {
            return;
        }
        LongAdder adder = counts.get(reason);
        if (adder == null) {
            if (counts.size() >= MAX_REASONS) {
                reason = "other";
            }
            adder = counts.computeIfAbsent(reason, r -> new LongAdder());
        }
        adder.add(n);
    }

    /** Adds every count of {@code more}. */
    public void addAll(Map<String, Long> more) {
        more.forEach(this::add);
    }

    public long total() {
        long total = 0;
        for (LongAdder a : counts.values()) {
            total += a.sum();
        }
        return total;
    }

    /** The counts, sorted by reason. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((reason, adder) -> out.put(reason, adder.sum()));
        return out;
    }
}
