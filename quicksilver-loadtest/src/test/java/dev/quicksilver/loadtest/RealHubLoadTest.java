package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.loadtest.measure.SlowLog;
import dev.quicksilver.loadtest.report.Result;
import dev.quicksilver.loadtest.report.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tool against a real Quicksilver hub started in this process. */
@Timeout(60)
class RealHubLoadTest {
    private static final int CUT_BUFFER = 256 * 1024;
    private static final int CUT_PAYLOAD = 32 * 1024;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static Settings settings(String url, int subscribers, int templates, double rate, double seconds, int payload) {
        return settings(url, subscribers, templates, rate, seconds, payload, 0, false, 0);
    }

    static Settings settings(String url, int subscribers, int templates, double rate, double seconds, int payload,
            int slow, boolean resume, int h2Connections) {
        return new Settings(HubTarget.parse(url), subscribers, 1, "https://example.com/loadtest", rate,
                Duration.ofMillis((long) (seconds * 1000)), payload, RealHub.publisherToken(), null, 2, 2_000,
                Duration.ofSeconds(10), Duration.ofSeconds(5), 0, null, 1, 2, Protocol.MERCURE, null, templates, slow,
                resume, h2Connections);
    }

    @Test
    void templatedSubscribersGetExactlyThePublishesOfTheirTemplate() throws Exception {
        try (RealHub hub = new RealHub(b -> b)) {
            Result r = new LoadRun(settings(hub.url(), 40, 12, 60, 1, 64), QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(40);
            assertThat(r.publish().ok()).isEqualTo(60);
            long expected = TopicPlan.expectedDeliveries(40, 0, 12, 60); // 5 rounds of the 12 templates
            assertThat(expected).isEqualTo(60 / 12 * 40);
            assertThat(r.deliveries().expected()).isEqualTo(expected);
            assertThat(r.deliveries().received()).isEqualTo(expected);
            assertThat(r.deliveries().extra() + r.deliveries().foreign()).isZero();
            assertThat(r.params().templates()).isEqualTo(12);
        }
    }

    @Test
    void aBroadcastOverHttp2StreamsIsFullyDelivered() throws Exception {
        // The hub's cleartext port speaks h2c by prior knowledge: 200 streams over 2 connections.
        try (RealHub hub = new RealHub(b -> b)) {
            Result r = new LoadRun(settings(hub.url(), 200, 0, 50, 1, 64, 0, false, 2), QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(200);
            assertThat(r.subscribers().failed()).isZero();
            assertThat(hub.connectionsAccepted()).as("2 HTTP/2 connections and the publisher's 2").isLessThanOrEqualTo(4);
            assertThat(r.publish().ok()).isEqualTo(50);
            assertThat(r.deliveries().expected()).isEqualTo(50 * 200);
            assertThat(r.deliveries().received()).isEqualTo(50 * 200);
            assertThat(r.deliveries().completenessPct()).isEqualTo(100.0);
            assertThat(r.deliveries().extra() + r.deliveries().foreign()).isZero();
            assertThat(r.subscribers().disconnects()).isZero();
            assertThat(r.latencyMs().count()).isEqualTo(50 * 200);
        }
    }

    @Test
    void templatedSubscribersOverHttp2GetExactlyThePublishesOfTheirTemplate() throws Exception {
        try (RealHub hub = new RealHub(b -> b)) {
            Result r = new LoadRun(settings(hub.url(), 40, 12, 60, 1, 64, 0, false, 3), QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(40);
            assertThat(hub.connectionsAccepted()).isLessThanOrEqualTo(3 + 2);
            assertThat(r.deliveries().expected()).isEqualTo(TopicPlan.expectedDeliveries(40, 0, 12, 60)).isPositive();
            assertThat(r.deliveries().received()).isEqualTo(r.deliveries().expected());
            assertThat(r.deliveries().extra() + r.deliveries().foreign()).isZero();
        }
    }

    @Test
    void aStalledSubscriberIsCutByTheHubAndCountsInNoOtherFigure() throws Exception {
        // 6.4 MB to everyone: beyond what the kernel's buffers of the stalled one hold (4 MB at most)
        // and its 256 KB buffer in the hub, which the others never fill.
        try (RealHub hub = new RealHub(b -> b.streams(s -> s.subscriberBuffer(CUT_BUFFER)))) {
            Result r = new LoadRun(settings(hub.url(), 10, 0, 100, 2, CUT_PAYLOAD, 1, false, 0), QUIET).run();

            assertThat(r.subscribers().established()).isEqualTo(9);
            assertThat(r.deliveries().expected()).isEqualTo(200 * 9);
            assertThat(r.deliveries().received()).isEqualTo(200 * 9);
            assertThat(r.subscribers().disconnects()).isZero();
            assertThat(r.latencyMs().count()).isEqualTo(200 * 9);
            SlowLog.Summary slow = r.slow();
            assertThat(slow.requested()).isEqualTo(1);
            assertThat(slow.established()).isEqualTo(1);
            assertThat(slow.cut()).isEqualTo(1);
            assertThat(slow.cutReasons()).containsKey("connection closed by the hub"); // Quicksilver drops it at once
            assertThat(slow.expected()).isEqualTo(200);
            assertThat(slow.received()).isPositive().isLessThan(200);
            assertThat(slow.cutAfterFirstS()).isBetween(0.0, 2.0);
            assertThat(slow.resumed()).isZero();
            assertThat(Summary.of(r)).contains("slow         1 of 1 stalled subscribers cut by the hub");
        }
    }

    @Test
    void aCutSubscriberThatResumesRecoversWhatItMissedFromHistory() throws Exception {
        try (RealHub hub = new RealHub(b -> b.streams(s -> s.subscriberBuffer(CUT_BUFFER)))) {
            Result r = new LoadRun(settings(hub.url(), 6, 2, 200, 2, CUT_PAYLOAD, 2, true, 0), QUIET).run();

            assertThat(r.deliveries().received()).isEqualTo(400 * 4 / 2);
            SlowLog.Summary slow = r.slow();
            assertThat(slow.cut()).isEqualTo(2);
            assertThat(slow.resumed()).isEqualTo(2);
            assertThat(slow.toRecover()).isEqualTo(slow.expected() - slow.received()).isPositive();
            assertThat(slow.recovered()).isEqualTo(slow.toRecover());
        }
    }

    @Test
    void aSubscriberThatKeepsUpIsNotCut() throws Exception {
        // 5 small publishes fit in the kernel's buffers: the stalled one reads them all once released.
        try (RealHub hub = new RealHub(b -> b)) {
            Result r = new LoadRun(settings(hub.url(), 4, 0, 10, 0.5, 64, 1, false, 0), QUIET).run();

            assertThat(r.slow().cut()).isZero();
            assertThat(r.slow().notCut()).isEqualTo(1);
            assertThat(r.slow().received()).isEqualTo(5);
            assertThat(r.deliveries().received()).isEqualTo(5 * 3);
        }
    }
}
