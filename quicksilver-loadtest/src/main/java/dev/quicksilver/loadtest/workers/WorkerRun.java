package dev.quicksilver.loadtest.workers;

import dev.quicksilver.loadtest.Settings;
import dev.quicksilver.loadtest.TopicPlan;
import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.ProcStats;
import dev.quicksilver.loadtest.measure.PublishLog;
import dev.quicksilver.loadtest.measure.SlowLog;
import dev.quicksilver.loadtest.net.Subscribers;
import dev.quicksilver.loadtest.net.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;

/**
 * One worker process of a run with {@code --workers}: holds its share of the subscribers and
 * reports to the coordinator that started it, over its stdin and stdout.
 *
 * <ol>
 *   <li>Opens its subscribers (its share of the connect rate), then prints a
 *       {@link WorkerReport#CONNECTED} line.
 *   <li>Waits for the coordinator's line {@code sent <Codec text>}: every publish's send time and
 *       answer, once publishing is over. A closed stdin (the coordinator is gone) ends it.
 *   <li>Counts each accepted publish's expected deliveries here: its subscribers of the publish's
 *       group that held a stream (or were reconnecting one) when it was sent; the send time is the
 *       coordinator's {@link System#nanoTime()}, the same clock on one Linux host.
 *   <li>Settles (at most {@code --settle}) until it holds them all, prints its
 *       {@link WorkerReport#RESULT} line and ends.
 * </ol>
 */
public final class WorkerRun {
    /** The first word of the coordinator's line. */
    public static final String SENT = "sent ";
    private static final long SETTLE_POLL_MILLIS = 10;

    private final Settings settings;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream log;
    private final Transport transport;

    public WorkerRun(Settings settings, BufferedReader in, PrintStream out, PrintStream log) {
        this.settings = settings;
        this.in = in;
        this.out = out;
        this.log = log;
        this.transport = Transport.best();
    }

    /** @return the exit code: 0 when the result was sent, 4 when the coordinator went away first */
    public int run() throws InterruptedException, IOException {
        long start = System.nanoTime();
        int worker = settings.cluster().workerIndex();
        TopicPlan plan = settings.plan();
        int hubs = settings.hubs().size();
        Metrics metrics = new Metrics(plan.groups(), settings.plannedPublishes(), new SlowLog(0, plan::groupOfSubscriber),
                hubs);
        ProcStats self = new ProcStats(ProcessHandle.current().pid());
        long ticks = ProcStats.ticksPerSecond();
        EventLoopGroup loops = transport.group(settings.ioThreads(), "loadtest-sub");
        Subscribers subscribers = new Subscribers(settings, metrics, loops, transport);
        try {
            int requested = settings.endSubscriber() - settings.firstSubscriber();
            log.printf("worker %d: connecting subscribers %d to %d ...%n", worker, settings.firstSubscriber(),
                    settings.endSubscriber() - 1);
            String rampStop = subscribers.ramp();
            int established = metrics.established.get();
            Map<String, Long> failures = metrics.connectFailures.snapshot();
            double connectS = Math.round((System.nanoTime() - start) / 1e6) / 1e3;
            List<Integer> openAtConnect = list(metrics.openPerHub);
            out.println(new WorkerReport(WorkerReport.CONNECTED, worker, ProcessHandle.current().pid(), requested,
                    subscribers.started(), established, failures, connectS, rampStop, openAtConnect, 0, List.of(),
                    Map.of(), 0, 0, 0, 0, Map.of(), null, null, null, null, null, 0, 0, 0).line());
            out.flush();
            ProcStats.Usage before = self.read();

            String line = in.readLine();
            if (line == null || !line.startsWith(SENT)) {
                log.printf("worker %d: the coordinator went away%n", worker);
                return 4;
            }
            Codec.Sent sent = Codec.sent(line.substring(SENT.length()));
            PublishLog publishes = metrics.publishes;
            if (sent.sentNanos().length != publishes.capacity()) {
                throw new IllegalArgumentException("the coordinator sent " + sent.sentNanos().length
                        + " publishes, not " + publishes.capacity());
            }
            PublishLog.Outcome[] outcomes = PublishLog.Outcome.values();
            for (int seq = 0; seq < publishes.capacity(); seq++) {
                PublishLog.Outcome o = outcomes[sent.outcomes()[seq]];
                if (o != PublishLog.Outcome.NONE) {
                    long at = sent.sentNanos()[seq];
                    publishes.sent(seq, at, subscribers.present(plan.groupOfPublish(seq), at));
                    publishes.answered(seq, o);
                }
            }
            long settleStart = System.nanoTime();
            long settleEnd = settleStart + settings.settle().toNanos();
            while (!publishes.allDelivered() && System.nanoTime() - settleEnd < 0) {
                TimeUnit.MILLISECONDS.sleep(SETTLE_POLL_MILLIS);
            }
            double settleS = Math.round((System.nanoTime() - settleStart) / 1e6) / 1e3;
            ProcStats.Usage after = self.read();
            Histogram reconnectTime = metrics.reconnectTime.getIntervalHistogram();
            out.println(new WorkerReport(WorkerReport.RESULT, worker, ProcessHandle.current().pid(), requested,
                    subscribers.started(), established, failures, connectS, rampStop, openAtConnect,
                    metrics.established.get(), list(metrics.openPerHub), metrics.disconnects.snapshot(),
                    metrics.heartbeats.sum(), metrics.foreignEvents.sum(), metrics.duplicates.sum(),
                    reconnectTime.getTotalCount(), metrics.reconnectFailures.snapshot(), Codec.histogram(reconnectTime),
                    Codec.histogram(metrics.latency.getIntervalHistogram()),
                    Codec.ints(publishes.expectedCounts()), Codec.ints(publishes.receivedCounts()),
                    Codec.ints(publishes.lastDeliveryMicros()), settleS, after.cpuSecondsSince(before, ticks),
                    after.rssKb()).line());
            out.flush();
            return 0;
        } finally {
            subscribers.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            loops.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static List<Integer> list(AtomicIntegerArray a) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) {
            out.add(a.get(i));
        }
        return out;
    }
}
