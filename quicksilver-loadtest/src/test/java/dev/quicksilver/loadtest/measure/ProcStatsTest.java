package dev.quicksilver.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Readings of real processes: shells that spend some CPU, then wait. */
class ProcStatsTest {
    private Process first;
    private Process second;

    @AfterEach
    void stop() {
        for (Process p : new Process[] {first, second}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** A shell that counts for a while (CPU time), then sleeps. */
    private static Process busyThenIdle() throws Exception {
        return new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; exec sleep 60").start();
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waited %d ms", millis).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static boolean sleeping(Process p) {
        return ProcessHandle.of(p.pid()).flatMap(h -> h.info().command()).map(c -> c.endsWith("sleep")).orElse(false);
    }

    private static long ownTicks(Process p) {
        return new ProcStats(p.pid()).read().cpuTicks();
    }

    @Test
    @DisplayName("several processes: CPU and memory are summed; one killed keeps its CPU in the sum, not its memory")
    void killedNodeKeepsItsCpu() throws Exception {
        first = busyThenIdle();
        second = busyThenIdle();
        // Both have counted (they now sleep): their CPU times stop moving.
        waitFor(() -> sleeping(first) && sleeping(second), 30_000);
        ProcStats both = new ProcStats(List.of(first.pid(), second.pid()));
        ProcStats.Usage before = both.read();
        long secondTicks = ownTicks(second);
        assertThat(before.cpuTicks()).isEqualTo(ownTicks(first) + secondTicks);
        assertThat(secondTicks).isPositive();
        assertThat(before.rssKb()).isPositive();
        long firstRss = new ProcStats(first.pid()).read().rssKb();

        second.destroyForcibly().waitFor();
        waitFor(() -> !new ProcStats(second.pid()).readable(), 10_000);
        ProcStats.Usage after = both.read();
        assertThat(after.cpuTicks()).as("the killed process's CPU stays in the sum")
                .isEqualTo(ownTicks(first) + secondTicks);
        assertThat(after.cpuSecondsSince(before, ProcStats.ticksPerSecond())).isGreaterThanOrEqualTo(0);
        assertThat(after.rssKb()).isEqualTo(firstRss);
    }
}
