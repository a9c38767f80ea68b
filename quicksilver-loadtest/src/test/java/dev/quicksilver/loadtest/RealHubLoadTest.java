package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.loadtest.report.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tool against a real Quicksilver hub started in this process. */
@Timeout(60)
class RealHubLoadTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static Settings settings(String url, int subscribers, int templates, double rate, double seconds, int payload) {
        return new Settings(HubTarget.parse(url), subscribers, 1, "https://example.com/loadtest", rate,
                Duration.ofMillis((long) (seconds * 1000)), payload, RealHub.publisherToken(), null, 2, 2_000,
                Duration.ofSeconds(10), Duration.ofSeconds(5), 0, null, 1, 2, Protocol.MERCURE, null, templates);
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
}
