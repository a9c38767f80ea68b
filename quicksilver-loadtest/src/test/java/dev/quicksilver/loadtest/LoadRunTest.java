package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.loadtest.net.Transport;
import dev.quicksilver.loadtest.report.HtmlReport;
import dev.quicksilver.loadtest.report.Json;
import dev.quicksilver.loadtest.report.JsonReader;
import dev.quicksilver.loadtest.report.Result;
import dev.quicksilver.loadtest.report.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End to end, against {@link FakeHub} over real sockets. */
@Timeout(30)
class LoadRunTest {
    private static final String TOKEN = "publisher-token";

    private static Settings settings(String url, int subscribers, int topics, double rate, double seconds) {
        return settings(url, subscribers, topics, rate, seconds, 0);
    }

    private static Settings settings(String url, int subscribers, int topics, double rate, double seconds,
            int h2Connections) {
        return new Settings(HubTarget.parse(url), subscribers, topics, "https://example.com/loadtest", rate,
                Duration.ofMillis((long) (seconds * 1000)), 64, TOKEN, null, 2, 2_000, Duration.ofSeconds(5),
                Duration.ofSeconds(3), ProcessHandle.current().pid(), null, 1, 2, Protocol.MERCURE, null, 0, 0, false,
                h2Connections);
    }

    @Test
    void countsEveryDeliveryOfABroadcastAndTheRefusedSubscribers() throws Exception {
        try (FakeHub hub = new FakeHub(40, TOKEN)) {
            Result r = new LoadRun(settings(hub.url(), 50, 1, 50, 1), new PrintStream(new ByteArrayOutputStream())).run();

            assertThat(r.subscribers().established()).isEqualTo(40);
            assertThat(r.subscribers().failed()).isEqualTo(10);
            assertThat(r.subscribers().failures()).containsEntry("HTTP 503", 10L);
            assertThat(r.publish().planned()).isEqualTo(50);
            assertThat(r.publish().ok()).isEqualTo(50);
            assertThat(r.publish().failed()).isZero();
            assertThat(r.deliveries().expected()).isEqualTo(50 * 40);
            assertThat(r.deliveries().received()).isEqualTo(50 * 40);
            assertThat(r.deliveries().lost()).isZero();
            assertThat(r.deliveries().completenessPct()).isEqualTo(100.0);
            assertThat(r.deliveries().incompletePublishes()).isZero();
            assertThat(r.deliveries().extra() + r.deliveries().unacknowledged() + r.deliveries().foreign()).isZero();
            assertThat(r.deliveries().fanOutMs().count()).isEqualTo(50);
            assertThat(r.latencyMs().count()).isEqualTo(2000);
            assertThat(r.latencyMs().p50()).isPositive();
            assertThat(r.hubProcess().cpuSPublish()).isGreaterThanOrEqualTo(0);
            assertThat(r.timeline()).isNotEmpty();
            assertThat(r.timeline().stream().mapToLong(s -> s.received()).sum()).isEqualTo(2000);
            assertThat(Summary.of(r)).contains("2000 received of 2000 expected (100 %)");
            assertThat(Json.write(r)).startsWith("{\"tool\":\"quicksilver-loadtest\"").contains("\"received\":2000");
        }
    }

    @Test
    void http2ModeCarriesTheSubscribersAsStreamsOfAFewConnections() throws Exception {
        try (FakeHub hub = new FakeHub(40, TOKEN)) {
            Result r = new LoadRun(settings(hub.url(), 50, 1, 40, 1, 3), new PrintStream(new ByteArrayOutputStream())).run();

            assertThat(hub.connections()).as("3 HTTP/2 connections and the publisher's 2").isLessThanOrEqualTo(3 + 2);
            assertThat(r.subscribers().established()).isEqualTo(40);
            assertThat(r.subscribers().failed()).isEqualTo(10);
            assertThat(r.subscribers().failures()).containsEntry("HTTP 503", 10L);
            assertThat(r.publish().ok()).isEqualTo(40);
            assertThat(r.deliveries().expected()).isEqualTo(40 * 40);
            assertThat(r.deliveries().received()).isEqualTo(40 * 40);
            assertThat(r.deliveries().lost()).isZero();
            assertThat(r.latencyMs().count()).isEqualTo(1600);
            assertThat(r.params().h2Connections()).isEqualTo(3);
            assertThat(Summary.of(r)).contains("HTTP/2 streams over 3 connections");
            assertThat(Json.write(r)).contains("\"h2Connections\":3");
            assertThat(HtmlReport.run(JsonReader.parse(Json.write(r))))
                    .contains("<th>h2Connections</th><td class=\"n\">3</td>").contains("mercure over HTTP/2, 50 subscribers");
        }
    }

    @Test
    void topicsSplitTheSubscribersAndAWrongTokenFailsThePublishes() throws Exception {
        try (FakeHub hub = new FakeHub(100, "another-token")) {
            Result r = new LoadRun(settings(hub.url(), 9, 3, 30, 0.5), new PrintStream(new ByteArrayOutputStream()),
                    Transport.NIO).run();
            assertThat(r.subscribers().established()).isEqualTo(9);
            assertThat(r.publish().ok()).isZero();
            assertThat(r.publish().failures()).containsEntry("HTTP 401", 15L);
            assertThat(r.deliveries().expected()).isZero();
        }
        try (FakeHub hub = new FakeHub(100, TOKEN)) {
            Result r = new LoadRun(settings(hub.url(), 9, 3, 30, 0.5), new PrintStream(new ByteArrayOutputStream())).run();
            // 15 publishes over 3 topics of 3 subscribers each.
            assertThat(r.deliveries().expected()).isEqualTo(15 * 3);
            assertThat(r.deliveries().received()).isEqualTo(15 * 3);
        }
    }

    @Test
    void theCommandPrintsASummaryAndAppendsTheJsonLine(@TempDir Path dir) throws Exception {
        try (FakeHub hub = new FakeHub(100, TOKEN)) {
            Path json = dir.resolve("results.jsonl");
            Path html = dir.resolve("report.html");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = LoadTest.commandLine(new LoadTest(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()))).execute("--hub", hub.url(), "--subscribers", "5",
                    "--rate", "20", "--duration", "0.5", "--publisher-token", TOKEN, "--json", json.toString(),
                    "--html", html.toString(), "--label", "fake & small");
            assertThat(code).isZero();
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines[lines.length - 1]).startsWith("{").contains("\"expected\":50,\"received\":50")
                    .contains("\"latencyCurve\":[{\"percentile\":0,");
            assertThat(Files.readAllLines(json)).containsExactly(lines[lines.length - 1]);
            assertThat(Files.readString(html)).contains("<title>Load test: fake &amp; small</title>")
                    .contains("<th>received</th><td class=\"n\">50</td>").contains("<svg");

            Files.writeString(json, lines[lines.length - 1].replace("fake & small", "second") + "\n",
                    StandardOpenOption.APPEND);
            Path comparison = dir.resolve("compare.html");
            ByteArrayOutputStream out2 = new ByteArrayOutputStream();
            code = LoadTest.commandLine(new LoadTest(new PrintStream(out2, true, StandardCharsets.UTF_8), System.err))
                    .execute("--compare", json.toString(), "--html", comparison.toString());
            assertThat(code).isZero();
            assertThat(out2.toString(StandardCharsets.UTF_8)).contains("comparing 2 runs");
            assertThat(Files.readString(comparison)).contains("<th>fake &amp; small</th><th>second</th><th>ratio</th>")
                    .contains("<th>received</th><td class=\"n\">50</td><td class=\"n\">50</td><td class=\"n\">1.00×</td>");
        }
    }
}
