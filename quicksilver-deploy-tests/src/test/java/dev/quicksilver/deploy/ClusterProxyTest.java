package dev.quicksilver.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.deploy.EventStream.Event;
import dev.quicksilver.redis.RedisServer;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.ConfigLoader;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load balancer configurations of docs/cluster.md ("Load balancers"), taken from the guide's
 * code blocks and run by Debian's nginx and haproxy in front of three hub nodes that share one
 * Redis (cluster mode): a subscriber through the proxy receives what is published through it
 * while the publishes spread over the nodes (no stickiness); when the subscriber's node stops,
 * publishes through the proxy go on, and the subscriber's reconnection through the proxy, with its
 * Last-Event-ID, is replayed exactly what it missed by another node.
 */
class ClusterProxyTest {
    private static final Path REPO = Path.of(System.getProperty("quicksilver.repo", ".."));
    /** The nodes' addresses in the guide's blocks, node 1 to node 3. */
    private static final List<String> DOCUMENTED_NODES = List.of("10.0.0.11:3000", "10.0.0.12:3000", "10.0.0.13:3000");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<HubServer> nodes = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        // No AOF: Redis is not restarted here, and an fsync per publish would only slow the test.
        redis = RedisServer.start(dir.resolve("redis"), "--appendonly", "no");
        for (int i = 0; i < DOCUMENTED_NODES.size(); i++) {
            // One event loop each: three nodes share this machine's cores (docs/cluster.md, "Running it").
            nodes.add(HubServer.start(ConfigLoader.load(Map.of("QUICKSILVER_ADDR", "127.0.0.1:0",
                    "QUICKSILVER_TRANSPORT", redis.url(), "QUICKSILVER_THREADS", "1",
                    "MERCURE_PUBLISHER_JWT_KEY", Hub.KEY, "MERCURE_SUBSCRIBER_JWT_KEY", Hub.KEY), Map.of()).config()));
        }
        // A node connects to Redis after it starts listening, and answers /healthz 503 until then.
        for (HubServer node : nodes) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> healthz(node) == 200);
        }
    }

    @AfterEach
    void stopCluster() {
        nodes.forEach(HubServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("nginx as docs/cluster.md shows it spreads publishes over three nodes and resumes a stream on another node")
    void nginx() throws Exception {
        int port = Proxy.freePort();
        // The guide's server block listens on 443 with TLS and HTTP/2 (its certificate lines a comment):
        // the test has no certificate and speaks plain HTTP/1.1, so the block listens on loopback without them.
        String site = replace(retargeted(block("nginx")), "listen 443 ssl http2;", "listen 127.0.0.1:" + port + ";");
        try (Proxy nginx = Proxy.nginx(dir, port, site)) {
            failOver(nginx.mercure());
        }
    }

    @Test
    @DisplayName("HAProxy as docs/cluster.md shows it spreads publishes over three nodes and resumes a stream on another node")
    void haproxy() throws Exception {
        int port = Proxy.freePort();
        // The guide's frontend binds 443 with TLS (a certificate file the test has not) and HTTP/2 by ALPN:
        // the test speaks plain HTTP/1.1, so the frontend binds a loopback port without them.
        String config = replace(retargeted(block("haproxy")), "bind :443 ssl crt /etc/haproxy/hub.pem alpn h2,http/1.1",
                "bind 127.0.0.1:" + port);
        try (Proxy haproxy = Proxy.haproxy(dir, port, config)) {
            failOver(haproxy.mercure());
        }
    }

    private void failOver(URI viaProxy) throws Exception {
        String topic = "https://example.com/cluster/" + viaProxy.getPort();
        Event lastSeen = null;
        HubServer serving;
        try (EventStream stream = Hub.subscribe(viaProxy, topic, null)) {
            serving = servingNode();
            for (int i = 1; i <= 6; i++) {
                Event published = publish(viaProxy, topic, "live " + i);
                assertThat(stream.next()).isEqualTo(published);
                lastSeen = published;
            }
            assertThat(nodes.stream().filter(node -> node.hub().metrics().updates() > 0).count())
                    .as("nodes that took publishes through the proxy (no stickiness)").isGreaterThanOrEqualTo(2);
            serving.close();
            nodes.remove(serving);
            assertThat(stream.awaitEnd()).as("the stopping node ends the stream").isTrue();
        }
        List<Event> missed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            missed.add(publish(viaProxy, topic, "while down " + i));
        }
        try (EventStream resumed = Hub.subscribe(viaProxy, topic, lastSeen.id())) {
            assertThat(nodes).contains(servingNode());
            for (Event event : missed) {
                assertThat(resumed.next()).isEqualTo(event);
            }
            // Nothing more was replayed: the next event is one published now.
            Event after = publish(viaProxy, topic, "after");
            assertThat(resumed.next()).isEqualTo(after);
        }
    }

    private static Event publish(URI hub, String topic, String data) throws IOException, InterruptedException {
        return new Event(Hub.publish(hub, topic, data), data);
    }

    /** The one live node that holds the test's subscriber (the proxy chose it). */
    private HubServer servingNode() {
        List<HubServer> serving = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            serving.clear();
            nodes.stream().filter(node -> node.subscribers() > 0).forEach(serving::add);
            return serving.size() == 1;
        });
        return serving.get(0);
    }

    /** The guide's block in that language, from its "Load balancers" section, as the reader copies it. */
    private static String block(String language) throws IOException {
        String guide = Files.readString(REPO.resolve("docs/cluster.md"));
        int section = guide.indexOf("\n## Load balancers\n");
        assertThat(section).as("docs/cluster.md has a Load balancers section").isNotNegative();
        int end = guide.indexOf("\n## ", section + 1);
        String balancers = end < 0 ? guide.substring(section) : guide.substring(section, end);
        String fence = "\n```" + language + "\n";
        int start = balancers.indexOf(fence);
        assertThat(start).as("docs/cluster.md shows a " + language + " block under Load balancers").isNotNegative();
        int close = balancers.indexOf("\n```\n", start + fence.length() - 1);
        assertThat(close).as("the " + language + " block ends").isPositive();
        return balancers.substring(start + fence.length(), close + 1);
    }

    /** The block with the guide's three node addresses replaced by the test's three nodes, in order. */
    private String retargeted(String block) {
        String config = block;
        for (int i = 0; i < DOCUMENTED_NODES.size(); i++) {
            config = replace(config, DOCUMENTED_NODES.get(i), "127.0.0.1:" + nodes.get(i).port());
        }
        return config;
    }

    /** Replaces what the guide shows, failing when it no longer shows it (so a change to the guide is seen). */
    private static String replace(String config, String documented, String replacement) {
        assertThat(config).as("docs/cluster.md's block").contains(documented);
        return config.replace(documented, replacement);
    }

    private static int healthz(HubServer node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
