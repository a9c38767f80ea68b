package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.loadtest.report.Json;
import dev.quicksilver.loadtest.report.Result;
import dev.quicksilver.loadtest.report.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tool over several hub URLs and worker processes, against a real Quicksilver hub in this
 * process. The hub is reached through two URLs (127.0.0.1 and localhost, the same listener), so
 * that a publish through either reaches the subscribers of both, as on the nodes of a cluster.
 */
@Timeout(120)
class ClusterLoadTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static List<HubTarget> twoUrls(RealHub hub) {
        return List.of(HubTarget.parse(hub.url()), HubTarget.parse(hub.url().replace("127.0.0.1", "localhost")));
    }

    private static Settings settings(List<HubTarget> hubs, int subscribers, double rate, double seconds,
            Settings.Cluster cluster) {
        return settings(hubs, subscribers, rate, seconds, Duration.ofSeconds(5), cluster);
    }

    /** @param settle the longest wait for stragglers (the run goes on as soon as all arrived) */
    private static Settings settings(List<HubTarget> hubs, int subscribers, double rate, double seconds, Duration settle,
            Settings.Cluster cluster) {
        return new Settings(hubs.get(0), subscribers, 1, "https://example.com/loadtest", rate,
                Duration.ofMillis((long) (seconds * 1000)), 64, RealHub.publisherToken(), null, 2, 2_000,
                Duration.ofSeconds(20), settle, cluster.hubPids().isEmpty() ? 0 : cluster.hubPids().get(0),
                null, 1, 2, Protocol.MERCURE, null, 0, 0, false, 0, cluster);
    }

    @Test
    void subscribersAndPublishesSpreadOverTwoHubUrls() throws Exception {
        try (RealHub hub = new RealHub(b -> b)) {
            List<HubTarget> hubs = twoUrls(hub);
            // Both "nodes" are this process: each gets its row, and the hub figures are their sum.
            long self = ProcessHandle.current().pid();
            Settings s = settings(hubs, 200, 10, 1,
                    new Settings.Cluster(hubs, Settings.PublishTo.ROUND_ROBIN, 1, false, 0, -1, List.of(self, self)));
            Result r = new LoadRun(s, QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(200);
            assertThat(r.cluster().hubs()).extracting(Result.Hub::established).containsExactly(100, 100);
            assertThat(r.cluster().hubs()).extracting(Result.Hub::published).containsExactly(5L, 5L);
            assertThat(r.cluster().publishTo()).isEqualTo("round-robin");
            assertThat(r.deliveries().expected()).isEqualTo(10 * 200);
            assertThat(r.deliveries().received()).isEqualTo(10 * 200);
            assertThat(r.deliveries().duplicates() + r.deliveries().extra() + r.deliveries().foreign()).isZero();
            assertThat(Summary.of(r)).contains("localhost").contains("100 established, 100 open at the end, 5 publishes");
            assertThat(Json.write(r)).contains("\"schema\":3").contains("\"publishTo\":\"round-robin\"");
            assertThat(r.cluster().nodes()).hasSize(2).allSatisfy(n -> assertThat(n.pid()).isEqualTo(self));
            Result.Node node = r.cluster().nodes().get(0);
            assertThat(node.rssKbIdle()).isPositive();
            assertThat(r.hubProcess().rssKbIdle()).as("the sum of the nodes'")
                    .isBetween(2 * node.rssKbIdle() - 20_000, 2 * node.rssKbIdle() + 20_000);
            assertThat(Summary.of(r)).contains("node pid " + self);
        }
    }

    @Test
    void twoWorkerProcessesHoldTheSubscribersAndTheirResultsMergeExactly() throws Exception {
        try (RealHub hub = new RealHub(b -> b)) {
            List<HubTarget> hubs = twoUrls(hub);
            Settings s = settings(hubs, 300, 20, 2, new Settings.Cluster(hubs, Settings.PublishTo.RANDOM, 7, false, 2, -1));
            Result r = new LoadRun(s, QUIET).run();
            // On a busy host the hub may answer too slowly for every publish to go out: count those that did.
            long ok = r.publish().ok();
            assertThat(ok).isPositive();
            assertThat(r.cluster().workers()).hasSize(2).allSatisfy(w -> {
                assertThat(w.status()).isEqualTo("ok");
                assertThat(w.subscribers()).isEqualTo(150);
                assertThat(w.established()).isEqualTo(150);
                assertThat(w.pid()).isNotEqualTo(ProcessHandle.current().pid());
                assertThat(w.latencyMs().count()).isEqualTo(ok * 150);
            });
            assertThat(hub.connectionsAccepted()).as("300 subscribers and 2 x 2 publisher connections")
                    .isGreaterThanOrEqualTo(300);
            assertThat(r.subscribers().established()).isEqualTo(300);
            assertThat(r.cluster().hubs()).extracting(Result.Hub::established).containsExactly(150, 150);
            assertThat(r.cluster().hubs().stream().mapToLong(Result.Hub::published).sum())
                    .isEqualTo(ok + r.publish().failed());
            assertThat(r.deliveries().expected()).isEqualTo(ok * 300);
            assertThat(r.deliveries().received()).isEqualTo(ok * 300);
            assertThat(r.deliveries().incompletePublishes()).isZero();
            assertThat(r.deliveries().duplicates() + r.deliveries().extra() + r.deliveries().foreign()).isZero();
            // The merged distribution is that of every delivery: its count is the sum, and each
            // percentile lies between the workers' own.
            assertThat(r.latencyMs().count()).isEqualTo(ok * 300);
            Result.Worker a = r.cluster().workers().get(0);
            Result.Worker b = r.cluster().workers().get(1);
            assertThat(r.latencyMs().p99()).isBetween(Math.min(a.latencyMs().p99(), b.latencyMs().p99()),
                    Math.max(a.latencyMs().p99(), b.latencyMs().p99()));
            assertThat(r.latencyMs().p50()).isBetween(Math.min(a.latencyMs().p50(), b.latencyMs().p50()),
                    Math.max(a.latencyMs().p50(), b.latencyMs().p50()));
            assertThat(r.latencyMs().max()).isEqualTo(Math.max(a.latencyMs().max(), b.latencyMs().max()));
            assertThat(r.deliveries().fanOutMs().count()).isEqualTo(ok);
            assertThat(ProcessHandle.current().children().filter(ClusterLoadTest::isWorker).count()).isZero();
        }
    }

    @Test
    void aWorkerKilledMidRunIsReportedAndItsSubscribersCountAsFailed() throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (RealHub hub = new RealHub(b -> b)) {
            List<HubTarget> hubs = List.of(HubTarget.parse(hub.url()));
            Settings s = settings(hubs, 200, 20, 3, new Settings.Cluster(hubs, Settings.PublishTo.FIRST, 1, false, 2, -1));
            ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
            PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
            Future<Result> run = runner.submit(() -> new LoadRun(s, log).run());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!logBytes.toString(StandardCharsets.UTF_8).contains("publishing") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Optional<ProcessHandle> second = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("--worker 1/2")).findFirst();
            assertThat(second).as("worker 1's process").isPresent();
            assertThat(second.get().destroyForcibly()).isTrue(); // SIGKILL

            Result r = run.get(60, TimeUnit.SECONDS);
            Result.Worker killed = r.cluster().workers().get(1);
            assertThat(killed.status()).contains("died").contains("signal 9");
            assertThat(killed.failed()).isEqualTo(100);
            assertThat(r.cluster().workers().get(0).status()).isEqualTo("ok");
            assertThat(r.subscribers().established()).isEqualTo(100);
            assertThat(r.subscribers().failed()).isEqualTo(100);
            assertThat(r.subscribers().failures()).containsKey("worker 1: " + killed.status());
            assertThat(r.notes()).anyMatch(n -> n.startsWith("worker 1 (pid "));
            assertThat(r.publish().ok()).isPositive();
            assertThat(r.deliveries().expected()).isEqualTo(r.publish().ok() * 100);
            assertThat(r.deliveries().received()).isEqualTo(r.publish().ok() * 100);
            assertThat(Summary.of(r)).contains("worker 1").contains("died");
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void subscribersWhoseStreamsAreCutReconnectWithLastEventIdAndMissNothing() throws Exception {
        // The hub ends every stream after 1.6 to 2 s: each subscriber reconnects once or twice while
        // publishing, to the other URL, and resumes from the last id it received. A long settle
        // (left as soon as all arrived) for a busy host, where reconnecting takes seconds.
        try (RealHub hub = new RealHub(b -> b.streams(st -> st.maxLife(Duration.ofSeconds(2))))) {
            List<HubTarget> hubs = twoUrls(hub);
            Settings s = settings(hubs, 100, 50, 3, Duration.ofSeconds(20),
                    new Settings.Cluster(hubs, Settings.PublishTo.RANDOM, 3, true, 0, -1));
            Result r = new LoadRun(s, QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(100);
            assertThat(r.subscribers().disconnects()).isPositive();
            Result.Reconnection rc = r.cluster().reconnection();
            // Streams cut in the last second may still be reconnecting when the run ends.
            assertThat(rc.reconnects()).isPositive().isLessThanOrEqualTo(r.subscribers().disconnects())
                    .isGreaterThanOrEqualTo(r.subscribers().disconnects() - 100);
            assertThat(rc.failed()).isZero();
            assertThat(rc.timeMs().count()).isEqualTo(rc.reconnects());
            long ok = r.publish().ok();
            assertThat(ok).isPositive();
            assertThat(r.deliveries().expected()).isEqualTo(ok * 100);
            assertThat(r.deliveries().received()).isEqualTo(ok * 100);
            assertThat(r.deliveries().incompletePublishes()).isZero();
            // A publish that came on two streams counts once: never as an extra delivery.
            assertThat(r.deliveries().extra()).isZero();
            assertThat(r.latencyMs().count()).isEqualTo(ok * 100);
            assertThat(Summary.of(r)).contains("reconnect    " + rc.reconnects() + " streams replaced");
        }
    }

    private static boolean isWorker(ProcessHandle p) {
        return p.info().commandLine().orElse("").contains("--worker ");
    }
}
