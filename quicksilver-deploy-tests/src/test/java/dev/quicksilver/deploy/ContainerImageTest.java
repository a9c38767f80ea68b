package dev.quicksilver.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The image deploy/image/build.sh makes, built from the jar this build packaged and run with
 * podman (runc, explicit limits, read-only root file system, as the Helm chart runs it): the
 * reference image's variables configure it, it publishes and delivers through its port, stops
 * cleanly on SIGTERM, and a new container on the same volume replays the history.
 */
class ContainerImageTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "localhost/quicksilver:test-" + RUN;
    private static final String VOLUME = "quicksilver-test-" + RUN;
    private static final Pattern HOST_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static final Path WORK = Path.of(System.getProperty("quicksilver.work", "target"));

    @BeforeAll
    static void buildImage() throws Exception {
        Path repo = Path.of(System.getProperty("quicksilver.repo", ".."));
        Path jar = Path.of(System.getProperty("quicksilver.jar", "../quicksilver-server/target/quicksilver.jar"));
        assertThat(jar).as("the hub's jar (quicksilver-server's package phase)").exists();
        String output = Command.check(WORK, 600, repo.resolve("deploy/image/build.sh").toString(), "--jar",
                jar.toString(), "--tag", IMAGE, "--work", WORK.resolve("image").toString());
        System.out.println(output);
    }

    @AfterAll
    static void removeAll() throws Exception {
        for (String name : CONTAINERS) {
            Command.run(WORK, 60, List.of("podman", "rm", "-f", "-t", "0", name));
        }
        Command.run(WORK, 60, List.of("podman", "volume", "rm", "-f", VOLUME));
        Command.run(WORK, 60, List.of("podman", "rmi", "-f", IMAGE));
    }

    @Test
    @DisplayName("the image runs as a numeric non-root user, keeps /data as a volume and has a health check")
    void imageConfiguration() throws Exception {
        String config = Command.check(WORK, 60, "podman", "image", "inspect", "--format",
                "{{.Config.User}}|{{.Config.Volumes}}|{{.Config.Healthcheck.Test}}|{{.Config.Env}}|{{.Size}}", IMAGE);
        String[] fields = config.strip().split("\\|");
        assertThat(fields[0]).isEqualTo("10001:10001");
        assertThat(fields[1]).contains("/data");
        assertThat(fields[2]).contains("dev.quicksilver.server.HealthCheck");
        assertThat(fields[3]).contains("QUICKSILVER_DATA_DIR=/data");
        System.out.printf("image %s: %d MiB uncompressed%n", IMAGE, Long.parseLong(fields[4]) / 1024 / 1024);
    }

    @Test
    @DisplayName("publish and subscribe through the container's port, stop on SIGTERM, replay the history in a new container")
    void publishStopRestartReplay() throws Exception {
        Command.check(WORK, 60, "podman", "volume", "create", VOLUME);
        String first = start("first");
        URI hub = hubUri(first);
        awaitHealthy(hub);
        assertThat(Command.run(WORK, 60, List.of("podman", "healthcheck", "run", first)).status())
                .as("the image's HEALTHCHECK").isZero();

        String topic = "https://example.com/books/1";
        String firstId;
        String secondId;
        try (EventStream stream = Hub.subscribe(hub, topic, null)) {
            firstId = Hub.publish(hub, topic, "{\"title\":\"Dune\"}");
            secondId = Hub.publish(hub, topic, "{\"title\":\"Dune Messiah\"}");
            assertThat(stream.next()).isEqualTo(new EventStream.Event(firstId, "{\"title\":\"Dune\"}"));
            assertThat(stream.next()).isEqualTo(new EventStream.Event(secondId, "{\"title\":\"Dune Messiah\"}"));
        }

        // SIGTERM, and SIGKILL only if the hub is still running 30 s later: exit status 143 is the
        // JVM's after its shutdown hook ran; 137 would be the kill. A subscriber still connected
        // sees its stream end cleanly (the last chunk), not cut.
        try (EventStream open = Hub.subscribe(hub, topic, null)) {
            Command.check(WORK, 60, "podman", "stop", "-t", "30", first);
            assertThat(open.awaitEnd()).as("the open stream ended cleanly").isTrue();
        }
        assertThat(Command.check(WORK, 60, "podman", "inspect", "--format", "{{.State.ExitCode}}", first).strip())
                .isEqualTo("143");
        assertThat(Command.check(WORK, 60, "podman", "logs", first)).contains("shutting down").contains("HubServer - stopped");

        String second = start("second");
        URI again = hubUri(second);
        awaitHealthy(again);
        try (EventStream replay = Hub.subscribe(again, topic, firstId)) {
            assertThat(replay.next()).isEqualTo(new EventStream.Event(secondId, "{\"title\":\"Dune Messiah\"}"));
        }
    }

    /** Starts a container of the image on the test's volume, configured with the reference image's variables. */
    private static String start(String role) throws IOException, InterruptedException {
        String name = "quicksilver-test-" + RUN + "-" + role;
        CONTAINERS.add(name);
        Command.check(WORK, 120, "podman", "--runtime", "runc", "run", "--detach", "--name", name,
                "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=1024:1024", "--read-only",
                "--publish", "127.0.0.1::3000", "--volume", VOLUME + ":/data",
                "--env", "SERVER_NAME=:3000",
                "--env", "MERCURE_PUBLISHER_JWT_KEY=" + Hub.KEY,
                "--env", "MERCURE_SUBSCRIBER_JWT_KEY=" + Hub.KEY,
                "--env", "MERCURE_EXTRA_DIRECTIVES=cors_origins https://app.example.com\nsubscriptions",
                "--env", "QUICKSILVER_SHUTDOWN_TIMEOUT=10s",
                IMAGE);
        return name;
    }

    private static URI hubUri(String container) throws IOException, InterruptedException {
        Matcher port = HOST_PORT.matcher(Command.check(WORK, 60, "podman", "port", container, "3000/tcp"));
        assertThat(port.find()).isTrue();
        return URI.create("http://127.0.0.1:" + port.group(1) + "/.well-known/mercure");
    }

    private static void awaitHealthy(URI hub) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(hub.resolve("/healthz")).timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static {
        try {
            Files.createDirectories(WORK);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
