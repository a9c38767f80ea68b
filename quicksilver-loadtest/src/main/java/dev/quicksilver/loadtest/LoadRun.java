package dev.quicksilver.loadtest;

import dev.quicksilver.loadtest.measure.Latency;
import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.ProcStats;
import dev.quicksilver.loadtest.measure.PublishLog;
import dev.quicksilver.loadtest.measure.SlowLog;
import dev.quicksilver.loadtest.measure.Timeline;
import dev.quicksilver.loadtest.net.Publisher;
import dev.quicksilver.loadtest.net.Subscribers;
import dev.quicksilver.loadtest.net.Transport;
import dev.quicksilver.loadtest.report.Result;
import dev.quicksilver.loadtest.workers.WorkerResults;
import dev.quicksilver.loadtest.workers.Workers;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;

/**
 * One run, phase by phase: connect the subscribers (ramp), publish at the rate, let stragglers
 * arrive (settle), then measure. Every phase is bounded in time.
 *
 * <p>Runs on the caller's thread; the network runs on the event loops it owns.
 */
public final class LoadRun {
    /** Time allowed after the publish duration for the last answers. */
    static final long PUBLISH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PUBLISHER_CONNECT_SECONDS = 5;
    private static final long SETTLE_POLL_MILLIS = 10;

    private final Settings settings;
    private final PrintStream log;
    private final Transport transport;

    /** @param log progress messages (stderr for the CLI) */
    public LoadRun(Settings settings, PrintStream log) {
        this(settings, log, Transport.best());
    }

    public LoadRun(Settings settings, PrintStream log, Transport transport) {
        this.settings = settings;
        this.log = log;
        this.transport = transport;
    }

    public Result run() throws InterruptedException {
        long start = System.nanoTime();
        String startedAt = Instant.now().toString();
        TopicPlan plan = settings.plan();
        Metrics metrics = new Metrics(plan.groups(), settings.plannedPublishes(),
                new SlowLog(settings.slowSubscribers(), plan::groupOfSubscriber), settings.hubs().size());
        Workers workers = settings.cluster().coordinator() ? new Workers(settings, log) : null;
        List<Long> pids = settings.cluster().hubPids().isEmpty() && settings.hubPid() > 0 ? List.of(settings.hubPid())
                : settings.cluster().hubPids();
        ProcStats hub = pids.isEmpty() ? null : new ProcStats(pids);
        NodeStats nodes = pids.size() > 1 ? new NodeStats(pids) : null;
        ProcStats tool = new ProcStats(ProcessHandle.current().pid());
        long ticks = ProcStats.ticksPerSecond();
        Timeline timeline = new Timeline(metrics, hub, start);
        List<String> notes = new ArrayList<>();

        EventLoopGroup subscriberLoops = transport.group(settings.ioThreads(), "loadtest-sub");
        EventLoopGroup publisherLoop = transport.group(1, "loadtest-pub");
        Subscribers subscribers = new Subscribers(settings, metrics, subscriberLoops, transport);
        Publisher publisher = new Publisher(settings, metrics, publisherLoop, transport);
        try {
            ProcStats.Usage hubBefore = hub == null ? null : hub.read();
            if (nodes != null) {
                nodes.before();
            }
            timeline.start();

            timeline.phase("connect");
            log.printf("connecting %d subscribers to %s at %d/s%s ...%n", settings.subscribers(), hubNames(),
                    settings.connectRate(), workers == null ? "" : " over " + settings.cluster().workers() + " workers");
            String rampStop;
            int[] establishedPerHub;
            if (workers == null) {
                rampStop = subscribers.ramp();
                establishedPerHub = snapshot(metrics.openPerHub);
            } else {
                workers.startAndAwaitConnected();
                rampStop = null;
                establishedPerHub = WorkerResults.connected(workers, metrics);
            }
            double connectS = seconds(System.nanoTime() - start);
            int established = metrics.established.get();
            log.printf("%d of %d subscribers established in %.1f s (%d failed)%s%n", established,
                    settings.subscribers() - settings.slowSubscribers(), connectS, metrics.connectFailures.total(),
                    settings.slowSubscribers() == 0 ? "" : ", and " + settings.slowSubscribers() + " slow ones");
            if (rampStop != null) {
                notes.add("subscriber ramp stopped: " + rampStop);
                log.println("subscriber ramp stopped: " + rampStop);
            }
            int publishers = publisher.connect(PUBLISHER_CONNECT_SECONDS, TimeUnit.SECONDS);
            if (publishers < settings.publishConnections()) {
                notes.add(publishers + " of " + settings.publishConnections() + " publisher connections up at the start");
            }
            ProcStats.Usage hubIdle = hub == null ? null : hub.read();
            if (nodes != null) {
                nodes.idle();
            }
            ProcStats.Usage toolIdle = tool.read();
            long ioIdle = tool.threadTicks(Timeline.IO_THREAD_PREFIX);
            long[] hostIdle = ProcStats.hostTicks();

            timeline.phase("publish");
            log.printf("publishing %d updates at %s/s for %s s ...%n", settings.plannedPublishes(),
                    trim(settings.rate()), trim(settings.duration().toMillis() / 1e3));
            long publishStart = System.nanoTime();
            if (!publisher.run(PUBLISH_GRACE_NANOS)) {
                notes.add("publishing did not finish within the duration + " + PUBLISH_GRACE_NANOS / 1_000_000_000 + " s");
            }
            double publishS = seconds(System.nanoTime() - publishStart);

            timeline.phase("settle");
            long settleStart = System.nanoTime();
            long settleEnd = settleStart + settings.settle().toNanos();
            if (workers != null) {
                log.printf("waiting for the %d workers' results ...%n", settings.cluster().workers());
                workers.settle(metrics.publishes);
            }
            while (workers == null && !metrics.publishes.allDelivered() && System.nanoTime() - settleEnd < 0) {
                TimeUnit.MILLISECONDS.sleep(SETTLE_POLL_MILLIS);
            }
            double settleS = seconds(System.nanoTime() - settleStart);
            ProcStats.Usage hubAfter = hub == null ? null : hub.read();
            if (nodes != null) {
                nodes.after();
            }
            ProcStats.Usage toolAfter = tool.read();
            long ioAfter = tool.threadTicks(Timeline.IO_THREAD_PREFIX);
            double hostBusy = ProcStats.hostBusyPercent(hostIdle, ProcStats.hostTicks());
            double ioPercent = ioIdle < 0 || ioAfter < 0 ? Double.NaN
                    : 100.0 * (ioAfter - ioIdle) / ticks / ((toolAfter.nanoTime() - toolIdle.nanoTime()) / 1e9);
            SlowLog.Summary slow = settings.slowSubscribers() == 0 ? null
                    : slowPhase(timeline, subscribers, metrics, plan, publishStart);
            timeline.phase("end");
            timeline.stop();
            Histogram reconnectTime = metrics.reconnectTime.getIntervalHistogram();
            int[] openPerHub = snapshot(metrics.openPerHub);
            int started = subscribers.started();
            List<Result.Worker> workerRows = List.of();
            if (workers != null) {
                WorkerResults merged = WorkerResults.merge(workers, metrics, timeline, reconnectTime);
                workerRows = merged.rows();
                openPerHub = merged.openPerHub();
                established = merged.established();
                started = merged.started();
                for (Workers.Child c : workers.children()) {
                    if (c.failure() != null) {
                        notes.add("worker " + c.index() + " (pid " + c.pid() + ") " + c.failure() + ": its "
                                + c.requested() + " subscribers count as failed");
                    }
                }
            }

            PublishLog.Summary deliveries = metrics.publishes.summary();
            long expected = deliveries.expected();
            long received = deliveries.received();
            Result.HubProcess hubProcess = null;
            if (hub != null) {
                double cpuPublish = hubAfter.cpuSecondsSince(hubIdle, ticks);
                hubProcess = new Result.HubProcess(settings.hubPid(),
                        hubIdle.cpuSecondsSince(hubBefore, ticks),
                        cpuPublish,
                        received == 0 ? Double.NaN : round3(cpuPublish * 1e6 / received),
                        hubBefore.rssKb(), hubIdle.rssKb(), hubAfter.rssKb(),
                        established == 0 || hubIdle.rssKb() < 0 ? Double.NaN
                                : round3((double) (hubIdle.rssKb() - hubBefore.rssKb()) / established),
                        hubBefore.pssKb(), hubIdle.pssKb(), hubAfter.pssKb(), hubAfter.threads());
                if (hubAfter.cpuTicks() < 0) {
                    notes.add("the hub process " + settings.hubPid() + " was gone at the end");
                }
                if (nodes != null && !nodes.gone().isEmpty()) {
                    notes.add("hub processes gone at the end (their CPU time counts up to their last reading before they ended): " + nodes.gone());
                }
            }
            if (ioPercent > 90 * settings.ioThreads()) {
                notes.add(String.format(java.util.Locale.ROOT, "the tool's subscriber threads were busy %.0f %% of the "
                        + "time: the latency includes the tool's own delay (try --io-threads)", ioPercent / settings.ioThreads()));
            }
            if (hostBusy > 90) {
                notes.add(String.format(java.util.Locale.ROOT, "the host's CPUs were %.0f %% busy while publishing: "
                        + "the figures measure the host as much as the hub", hostBusy));
            }
            Map<String, Long> connectFailures = metrics.connectFailures.snapshot();
            if (connectFailures.containsKey("no response before the connect timeout")) {
                notes.add("some connections got no answer: the hub may be out of file descriptors or its accept backlog full");
            }
            return new Result("quicksilver-loadtest", Result.SCHEMA, startedAt, settings.hub().url(),
                    new Result.Params(settings.subscribers(), settings.topics(), settings.topicPrefix(), settings.rate(),
                            settings.duration().toMillis() / 1e3, settings.payload(), settings.sourceAddresses(),
                            settings.connectRate(), settings.connectTimeout().toMillis() / 1e3,
                            settings.settle().toMillis() / 1e3, settings.ioThreads(), settings.publishConnections(),
                            transport.name().toLowerCase(java.util.Locale.ROOT),
                            settings.protocol().name().toLowerCase(java.util.Locale.ROOT), settings.label(),
                            settings.templates(), settings.slowSubscribers(), settings.resume(),
                            settings.h2Connections()),
                    new Result.Subscribers(settings.subscribers(), started, established,
                            metrics.connectFailures.total(), connectFailures, round3(connectS),
                            metrics.established.get(), metrics.disconnects.total(), metrics.disconnects.snapshot(),
                            metrics.heartbeats.sum()),
                    new Result.Publishing(settings.plannedPublishes(), metrics.publishAttempts.get(),
                            metrics.published.get(), metrics.publishFailures.total(), metrics.publishFailures.snapshot(),
                            metrics.publishSkipped.get(), metrics.publishConnectFailures.snapshot(), round3(publishS),
                            publishS == 0 ? Double.NaN : round3(metrics.published.get() / publishS),
                            timeline.publishLatency()),
                    new Result.Deliveries(expected, received, expected - received,
                            expected == 0 ? Double.NaN : Math.round(received * 1e6 / expected) / 1e4,
                            deliveries.incompletePublishes(), deliveries.extra(), metrics.duplicates.sum(),
                            deliveries.unacknowledged(),
                            metrics.foreignEvents.sum(), round3(settleS), deliveries.fanOut()),
                    slow,
                    timeline.latency(),
                    hubProcess,
                    new Result.ToolProcess(toolAfter.cpuSecondsSince(toolIdle, ticks), round1(ioPercent),
                            toolAfter.rssKb()),
                    new Result.Host(Runtime.getRuntime().availableProcessors(), round1(hostBusy)),
                    List.copyOf(notes),
                    timeline.latencyCurve(),
                    timeline.samples(),
                    cluster(metrics, establishedPerHub, openPerHub, workerRows, reconnectTime,
                            nodes == null ? List.of() : nodes.rows(ticks)));
        } finally {
            timeline.stop();
            if (workers != null) {
                workers.close();
            }
            publisher.close();
            subscribers.close();
            publisherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            subscriberLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            publisherLoop.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            subscriberLoops.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Lets the slow subscribers read again, and waits (at most the settle time) until each holds
     * the accepted publishes of its group, or was cut (and, with resume, reconnected and caught up).
     */
    private SlowLog.Summary slowPhase(Timeline timeline, Subscribers subscribers, Metrics metrics, TopicPlan plan,
            long publishStart) throws InterruptedException {
        timeline.phase("slow");
        PublishLog publishes = metrics.publishes;
        int groups = plan.groups();
        long[][] accepted = new long[groups][];
        for (int j = 0; j < groups && j < metrics.slow.size(); j++) {
            accepted[j] = publishes.accepted(j, groups);
        }
        log.printf("releasing %d slow subscribers ...%n", metrics.slow.size());
        subscribers.releaseSlow();
        long end = System.nanoTime() + settings.settle().toNanos();
        while (!metrics.slow.allDone(settings.resume(), j -> accepted[j].length) && System.nanoTime() - end < 0) {
            TimeUnit.MILLISECONDS.sleep(SETTLE_POLL_MILLIS);
        }
        return metrics.slow.summary(new SlowLog.Publishes() {
            @Override
            public long[] accepted(int group) {
                return accepted[group];
            }

            @Override
            public double sentSeconds(long seq) {
                return round3(seconds(publishes.sentNanos((int) seq) - publishStart));
            }
        });
    }

    /** The cluster section of the result, or null for one hub, one process, no reconnection. */
    private Result.Cluster cluster(Metrics metrics, int[] establishedPerHub, int[] openPerHub, List<Result.Worker> workers,
            Histogram reconnectTime, List<Result.Node> nodes) {
        Settings.Cluster c = settings.cluster();
        if (c.hubs().size() == 1 && c.workers() == 0 && !c.reconnect() && nodes.isEmpty()) {
            return null;
        }
        List<Result.Hub> hubs = new ArrayList<>();
        for (int h = 0; h < c.hubs().size(); h++) {
            hubs.add(new Result.Hub(c.hubs().get(h).url(), establishedPerHub[h], openPerHub[h],
                    metrics.publishedPerHub.get(h)));
        }
        Result.Reconnection reconnection = !c.reconnect() ? null
                // Counted from the histogram: streams still reconnecting as the run closes are in neither.
                : new Result.Reconnection(reconnectTime.getTotalCount(), metrics.reconnectFailures.total(),
                        metrics.reconnectFailures.snapshot(), Latency.of(reconnectTime));
        return new Result.Cluster(c.publishTo().option(), hubs, workers, reconnection, nodes);
    }

    private String hubNames() {
        return settings.hubs().size() == 1 ? settings.hub().url() : settings.hubs().size() + " hubs";
    }

    static int[] snapshot(AtomicIntegerArray a) {
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
