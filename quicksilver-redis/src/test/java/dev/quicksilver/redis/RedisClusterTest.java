package dev.quicksilver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport on a real 3-master Redis Cluster, formed by the test with {@code redis-cli --cluster create}. */
class RedisClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    @DisplayName("on a Redis Cluster: the keys share one slot, two nodes deliver one order, ids resolve")
    void cluster() throws Exception {
        List<RedisServer> masters = new ArrayList<>();
        List<RedisTransport> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                masters.add(RedisServer.start(dir.resolve("m" + i), "--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("m" + i).resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            for (RedisServer m : masters) {
                await().atMost(PATIENCE).until(() -> run(List.of("redis-cli", "-p", Integer.toString(m.port()),
                        "cluster", "info")).contains("cluster_state:ok"));
            }
            String url = "redis-cluster://" + masters.stream().map(m -> "127.0.0.1:" + m.port())
                    .collect(Collectors.joining(","));
            List<List<Event>> received = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                RedisTransport t = RedisTransport.start(RedisSettings.of(url, 1000, Duration.ZERO, 0));
                nodes.add(t);
                List<Event> r = Collections.synchronizedList(new ArrayList<>());
                t.listen(r::add);
                received.add(r);
                await().atMost(PATIENCE).until(() -> t.health().healthy());
            }
            List<CompletableFuture<Event>> published = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                published.add(nodes.get(i % 2).publish(Update.of(List.of("t"), "d" + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> received.get(0).size() == 50 && received.get(1).size() == 50);
            List<String> first = ids(received.get(0));
            assertThat(ids(received.get(1))).isEqualTo(first);
            Replay r = nodes.get(1).history().after(first.get(39)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(r.events()).extracting(Event::id).isEqualTo(first.subList(40, 50));
        } finally {
            for (RedisTransport t : nodes) {
                t.close();
            }
            for (RedisServer m : masters) {
                m.close();
            }
        }
    }

    private static List<String> ids(List<Event> events) {
        synchronized (events) {
            return events.stream().map(Event::id).collect(Collectors.toList());
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
