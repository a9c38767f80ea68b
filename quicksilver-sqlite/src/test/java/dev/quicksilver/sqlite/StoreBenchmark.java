package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.SseEncoder;
import dev.quicksilver.core.update.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the durable history by hand (never a timed unit test): fills a store, then times
 * opening it, finding a cursor and replaying. Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -o install -DskipTests -pl quicksilver-core,quicksilver-sqlite
 * ./mvnw -q -o dependency:build-classpath -pl quicksilver-sqlite -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * CP=quicksilver-sqlite/target/test-classes:quicksilver-sqlite/target/classes:$(cat /tmp/cp.txt)
 * java -cp $CP dev.quicksilver.sqlite.StoreBenchmark fill /tmp/qs-bench 1000000 full
 * java -cp $CP dev.quicksilver.sqlite.StoreBenchmark open /tmp/qs-bench 1000000
 * </pre>
 *
 * {@code open} runs in a fresh JVM, as a hub start does; the figure it prints first is the time
 * of {@link SqliteTransport#open} alone, the JDBC driver already loaded.
 */
public final class StoreBenchmark {
    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        if (args[0].equals("fill")) {
            SyncPolicy sync = args.length > 3 ? SyncPolicy.parse(args[3]) : SyncPolicy.FULL;
            int inFlight = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
            int keep = args.length > 5 ? Integer.parseInt(args[5]) : n;
            fill(dir, n, sync, inFlight, keep);
        } else {
            open(dir, n);
        }
    }

    private static SqliteSettings settings(Path dir, int n) {
        return SqliteSettings.of(dir.resolve("history.db")).withMaxEvents(n);
    }

    /**
     * Publishes n events of 100 bytes with {@code inFlight} publishes waiting at any time (as many
     * publishers at once), keeping {@code keep} of them; prints the rate and the CPU per publish.
     */
    private static void fill(Path dir, int n, SyncPolicy sync, int inFlight, int keep) throws Exception {
        Files.createDirectories(dir);
        String data = "x".repeat(100);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        try (SqliteTransport t = SqliteTransport.open(settings(dir, keep).withSync(sync))) {
            ArrayDeque<CompletableFuture<Event>> pending = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                pending.add(t.publish(Update.of(List.of("https://example.com/books/" + (i % 1000)), data))
                        .toCompletableFuture());
                if (pending.size() >= inFlight) {
                    pending.poll().join();
                }
            }
            pending.forEach(CompletableFuture::join);
        }
        double s = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e3 / n;
        System.out.printf(Locale.ROOT, "fill: %,d events in %.1f s (%,.0f/s, sync=%s, %d in flight, %,d kept), "
                + "%.1f µs CPU per event, file %,d MB%n", n, s, n / s, sync.label(), inFlight, keep, cpu,
                (Files.size(dir.resolve("history.db")) + walSize(dir)) >> 20);
    }

    private static long walSize(Path dir) throws Exception {
        Path wal = dir.resolve("history.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static void open(Path dir, int n) throws Exception {
        long d0 = System.nanoTime();
        // Loads the driver and its native library (extracted to java.io.tmpdir on first use).
        java.sql.DriverManager.getConnection("jdbc:sqlite::memory:").close();
        System.out.printf(Locale.ROOT, "driver and native library: %.1f ms%n", (System.nanoTime() - d0) / 1e6);
        long t0 = System.nanoTime();
        try (SqliteTransport t = SqliteTransport.open(settings(dir, n))) {
            long t1 = System.nanoTime();
            String last = t.history().lastEventId();
            System.out.printf(Locale.ROOT, "open: %.1f ms (last id %s)%n", (t1 - t0) / 1e6, last);
            Event e = t.publish(Update.of(List.of("https://example.com/books/1"), "after restart"))
                    .toCompletableFuture().join();
            System.out.printf(Locale.ROOT, "first publish after open: %.1f ms, sequence %,d%n",
                    (System.nanoTime() - t1) / 1e6, e.sequence());
            // A cursor 10,000 events back: an index lookup, then 10,000 rows read and encoded.
            List<Event> tail = t.history().after(Replay.EARLIEST).toCompletableFuture().join().events();
            String cursor = tail.get(tail.size() - 10_001).id();
            for (int round = 0; round < 5; round++) {
                long r0 = System.nanoTime();
                Replay r = t.history().after(cursor).toCompletableFuture().join();
                long r1 = System.nanoTime();
                long encode = 0;
                for (Event ev : r.events()) {
                    long e0 = System.nanoTime();
                    SseEncoder.encode(ev.update());
                    encode += System.nanoTime() - e0;
                }
                System.out.printf(Locale.ROOT, "replay of %,d events after a cursor: %.1f ms (of which SSE "
                        + "encoding about %.1f ms)%n", r.events().size(), (r1 - r0) / 1e6, encode / 1e6);
            }
            long u0 = System.nanoTime();
            Replay unknown = t.history().after("urn:uuid:not-there").toCompletableFuture().join();
            System.out.printf(Locale.ROOT, "unknown id: %.2f ms (found=%s)%n", (System.nanoTime() - u0) / 1e6,
                    unknown.found());
        }
    }
}
