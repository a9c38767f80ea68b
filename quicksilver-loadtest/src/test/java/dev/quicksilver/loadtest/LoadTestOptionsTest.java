package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadTestOptionsTest {

    private record Outcome(int code, String stderr, String stdout) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cmd = LoadTest.commandLine(new LoadTest(new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Outcome(code, err.toString(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNonLoopbackHubIsRefusedWithExitCode2() {
        Outcome o = run("--hub", "http://10.1.2.3:3000/.well-known/mercure", "--subscribers", "1");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.stderr()).contains("refusing to load 10.1.2.3").contains("loopback");
        assertThat(o.stdout()).isEmpty();

        assertThat(run("--hub", "http://[2001:db8::1]:3000/").stderr()).contains("refusing");
        assertThat(run("--hub", "http://0.0.0.0:3000/").code()).isEqualTo(2);
    }

    @Test
    void aHostNameMustResolveToLoopbackAddressesOnly() throws Exception {
        InetAddress loop = InetAddress.getByName("127.0.0.1");
        InetAddress lan = InetAddress.getByName("192.168.1.10");
        HubTarget ok = HubTarget.parse("http://hub.test:3000/.well-known/mercure?x=1", host -> new InetAddress[] {loop});
        assertThat(ok.hostHeader()).isEqualTo("hub.test:3000");
        assertThat(ok.subscribeTarget("t")).isEqualTo("/.well-known/mercure?x=1&topic=t");
        assertThatThrownBy(() -> HubTarget.parse("http://hub.test/", host -> new InetAddress[] {loop, lan}))
                .hasMessageContaining("refusing to load hub.test (192.168.1.10)");
    }

    @Test
    void loopbackHubsAreAccepted() {
        assertThat(HubTarget.parse("http://127.0.0.1:3000/.well-known/mercure").ipv4()).isTrue();
        assertThat(HubTarget.parse("http://127.9.9.9/").address().getPort()).isEqualTo(80);
        assertThat(HubTarget.parse("http://[::1]:3000/hub").ipv4()).isFalse();
    }

    @Test
    void otherSchemesAndBadValuesAreRefused() {
        assertThat(run("--hub", "https://127.0.0.1:3000/").stderr()).contains("https is not supported");
        assertThat(run("--hub", "ftp://127.0.0.1/").code()).isEqualTo(2);
        assertThat(run("--hub", "http://127.0.0.1/", "--payload", "10").stderr()).contains("--payload");
        assertThat(run("--hub", "http://127.0.0.1/", "--topics", "0").stderr()).contains("--topics");
        assertThat(run("--hub", "http://[::1]/", "--source-addresses", "2").stderr()).contains("IPv4");
        assertThat(run("--hub", "http://127.0.0.1/", "--templates", "3", "--topics", "2").stderr())
                .contains("--templates replaces --topics");
        assertThat(run("--hub", "http://127.0.0.1/", "--templates", "3", "--protocol", "nchan").stderr())
                .contains("--templates needs --protocol mercure");
        assertThat(run("--hub", "http://127.0.0.1/", "--templates", "-1").stderr()).contains("--templates must be");
        assertThat(run("--subscribers", "1").stderr()).contains("--hub");
        assertThat(run("--hub", "http://127.0.0.1/", "--subscribers", "3", "--slow-subscribers", "4").stderr())
                .contains("--slow-subscribers must be between 0 and --subscribers");
        assertThat(run("--hub", "http://127.0.0.1/", "--resume").stderr()).contains("--resume needs --slow-subscribers");
        assertThat(run("--hub", "http://127.0.0.1/", "--subscribers", "3", "--slow-subscribers", "1",
                "--h2-connections", "1").stderr()).contains("--slow-subscribers cannot be combined with --h2-connections");
        assertThat(run("--hub", "http://127.0.0.1/", "--subscribers", "20001", "--h2-connections", "2").stderr())
                .contains("at most 10000 subscribers per connection");
        assertThat(run("--hub", "http://127.0.0.1/", "--h2-connections", "-1").stderr())
                .contains("--h2-connections must be between 0 and");
        assertThat(run("--compare", "nothing.jsonl").stderr()).contains("--compare needs --html");
        assertThat(run("--hub", "http://127.0.0.1/", "--subscribers", "1000000").stderr()).contains("ulimit -n");
    }

    @Test
    void clusterOptionsAreCheckedUpFront() {
        assertThat(run("--hub", "http://127.0.0.1:3000/", "--hub", "http://10.0.0.1:3000/").stderr())
                .contains("refusing to load 10.0.0.1");
        assertThat(run("--hub", "http://127.0.0.1:3000/,http://10.0.0.1:3000/").stderr()).contains("refusing");
        assertThat(run("--hub", "http://127.0.0.1/", "--publish-to", "nearest").stderr())
                .contains("--publish-to must be random, round-robin or first");
        assertThat(run("--hub", "http://127.0.0.1/,http://127.0.0.2/", "--h2-connections", "1").stderr())
                .contains("--h2-connections works with one --hub");
        assertThat(run("--hub", "http://127.0.0.1/", "--workers", "2", "--slow-subscribers", "1").stderr())
                .contains("--slow-subscribers works with one --hub, no --workers");
        assertThat(run("--hub", "http://127.0.0.1/", "--workers", "65").stderr()).contains("--workers must be between 0 and 64");
        assertThat(run("--hub", "http://127.0.0.1/", "--workers", "2", "--rate", "100000", "--duration", "20").stderr())
                .contains("--workers: at most 1000000 publishes");
    }

    @Test
    void aWorkerShareBeyondTheOpenFileLimitIsRefusedBeforeAnyWorkerStarts() {
        long limit = LoadTest.OpenFiles.limit();
        org.junit.jupiter.api.Assumptions.assumeTrue(limit > 0 && limit < 1_000_000, "an open-file limit under a million");
        Outcome o = run("--hub", "http://127.0.0.1:1/", "--subscribers", "2000000", "--workers", "2");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.stderr()).contains("--workers 2: each worker would hold up to 1000000 subscribers")
                .contains("(ulimit -n)");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void aWorkerIsGivenTheRunsOptionsAndItsShare() {
        LoadTest coordinator = new LoadTest();
        LoadTest.commandLine(coordinator).parseArgs("--hub", "http://127.0.0.1:3001/hub,http://127.0.0.1:3002/hub",
                "--subscribers", "1001", "--workers", "3", "--templates", "7", "--rate", "2.5", "--duration", "4",
                "--connect-rate", "1000", "--settle", "3", "--reconnect", "--publish-to", "round-robin", "--seed", "9");
        Settings c = coordinator.settings();
        assertThat(c.cluster().coordinator()).isTrue();
        assertThat(c.endSubscriber() - c.firstSubscriber()).isZero();
        int total = 0;
        for (int k = 0; k < 3; k++) {
            LoadTest worker = new LoadTest();
            LoadTest.commandLine(worker).parseArgs(
                    dev.quicksilver.loadtest.workers.Workers.workerOptions(c, k).toArray(new String[0]));
            Settings w = worker.settings();
            assertThat(w.cluster().worker()).isTrue();
            assertThat(w.cluster().workerIndex()).isEqualTo(k);
            assertThat(w.hubs()).isEqualTo(c.hubs());
            assertThat(w.plannedPublishes()).isEqualTo(c.plannedPublishes());
            assertThat(w.templates()).isEqualTo(7);
            assertThat(w.cluster().reconnect()).isTrue();
            assertThat(w.connectRate()).isEqualTo(334);
            assertThat(w.settle()).isEqualTo(c.settle());
            assertThat(w.sourceAddresses()).isEqualTo(c.sourceAddresses());
            assertThat(w.firstSubscriber()).isEqualTo(total);
            total += w.endSubscriber() - w.firstSubscriber();
        }
        assertThat(total).isEqualTo(1001);
    }

    @Test
    void http2SubscribersNeedOnlyTheirConnectionsFileDescriptors() {
        LoadTest command = new LoadTest();
        LoadTest.commandLine(command).parseArgs("--hub", "http://127.0.0.1/", "--subscribers", "1000000",
                "--h2-connections", "100");
        assertThat(command.settings().subscriberConnections()).isEqualTo(100);
        LoadTest few = new LoadTest();
        LoadTest.commandLine(few).parseArgs("--hub", "http://127.0.0.1/", "--subscribers", "5", "--h2-connections", "8");
        assertThat(few.settings().subscriberConnections()).isEqualTo(5);
        LoadTest http1 = new LoadTest();
        LoadTest.commandLine(http1).parseArgs("--hub", "http://127.0.0.1/", "--subscribers", "5");
        assertThat(http1.settings().subscriberConnections()).isEqualTo(5);
    }

    @Test
    void defaultsSpreadSubscribersOverSourceAddresses() {
        assertThat(Settings.defaultSourceAddresses(0)).isEqualTo(1);
        assertThat(Settings.defaultSourceAddresses(10_000)).isEqualTo(1);
        assertThat(Settings.defaultSourceAddresses(10_001)).isEqualTo(2);
        assertThat(Settings.defaultConnectTimeout(10_000, 2_000).toSeconds()).isEqualTo(35);
    }
}
