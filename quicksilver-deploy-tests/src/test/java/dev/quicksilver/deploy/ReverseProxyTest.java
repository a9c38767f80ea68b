package dev.quicksilver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx and HAProxy configurations of docs/production.md (deploy/proxy), run by Debian's nginx
 * and haproxy in front of a real hub: an event stream through the proxy receives each event while
 * it is open (a buffering proxy would hold it back), and a reconnection's Last-Event-ID reaches
 * the hub, which replays what was missed.
 */
class ReverseProxyTest {
    private static final Path REPO = Path.of(System.getProperty("quicksilver.repo", ".."));
    private static HubServer hub;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubServer.start(ConfigLoader.load(Map.of("QUICKSILVER_ADDR", "127.0.0.1:0", "QUICKSILVER_HISTORY", "memory",
                "MERCURE_PUBLISHER_JWT_KEY", Hub.KEY, "MERCURE_SUBSCRIBER_JWT_KEY", Hub.KEY), Map.of()).config());
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    @DisplayName("nginx with deploy/proxy/nginx.conf streams events as they come and passes Last-Event-ID")
    void nginx() throws Exception {
        int port = Proxy.freePort();
        String site = proxyConfig("nginx.conf").replace("listen 80;", "listen 127.0.0.1:" + port + ";");
        try (Proxy nginx = Proxy.nginx(dir, port, site)) {
            streamThrough(nginx.mercure());
        }
    }

    @Test
    @DisplayName("HAProxy with deploy/proxy/haproxy.cfg streams events as they come and passes Last-Event-ID")
    void haproxy() throws Exception {
        int port = Proxy.freePort();
        // maxconn within this machine's open-file limit: HAProxy refuses to start above it.
        try (Proxy haproxy = Proxy.haproxy(dir, port, proxyConfig("haproxy.cfg")
                .replace("bind :80", "bind 127.0.0.1:" + port).replace("maxconn 50000", "maxconn 1000"))) {
            streamThrough(haproxy.mercure());
        }
    }

    /** The configuration as shipped, aimed at the test's hub, after checking that the guide shows it verbatim. */
    private static String proxyConfig(String name) throws IOException {
        String config = Files.readString(REPO.resolve("deploy/proxy").resolve(name));
        assertThat(Files.readString(REPO.resolve("docs/production.md"))).as("docs/production.md shows " + name)
                .contains(config.strip());
        assertThat(config).contains("127.0.0.1:3000");
        return config.replace("127.0.0.1:3000", "127.0.0.1:" + hub.port());
    }

    private static void streamThrough(URI viaProxy) throws Exception {
        String topic = "https://example.com/proxied/" + viaProxy.getPort();
        String firstId;
        String secondId;
        try (EventStream stream = Hub.subscribe(viaProxy, topic, null)) {
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
            // Each event must come through before the next is published: nothing is buffered.
            firstId = Hub.publish(viaProxy, topic, "first");
            assertThat(stream.next()).isEqualTo(new EventStream.Event(firstId, "first"));
            secondId = Hub.publish(viaProxy, topic, "second");
            assertThat(stream.next()).isEqualTo(new EventStream.Event(secondId, "second"));
        }
        try (EventStream resumed = Hub.subscribe(viaProxy, topic, firstId)) {
            assertThat(resumed.next()).isEqualTo(new EventStream.Event(secondId, "second"));
        }
    }
}
