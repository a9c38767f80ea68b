package dev.quicksilver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel failover under the transport: a master, two replicas and a real {@code redis-sentinel}
 * process, all started by the test; the master is killed with {@code kill -9}.
 */
class SentinelFailoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    @DisplayName("with transport-replicas 1, a Sentinel failover loses no acknowledged update, and publishing "
            + "resumes by itself on the new master")
    void failover() throws Exception {
        try (RedisServer master = RedisServer.start(dir.resolve("master"));
                RedisServer replica1 = RedisServer.start(dir.resolve("replica1"), "--replicaof", "127.0.0.1",
                        Integer.toString(master.port()));
                RedisServer replica2 = RedisServer.start(dir.resolve("replica2"), "--replicaof", "127.0.0.1",
                        Integer.toString(master.port()));
                Sentinel sentinel = Sentinel.start(dir.resolve("sentinel"), master.port());
                RedisTransport transport = RedisTransport.start(RedisSettings.of("redis-sentinel://127.0.0.1:"
                        + sentinel.port + "?sentinelMasterId=main", 1000, Duration.ZERO, 1))) {
            List<Event> received = Collections.synchronizedList(new ArrayList<>());
            transport.listen(received::add);
            await().atMost(PATIENCE).until(() -> transport.health().healthy());
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                acknowledged.add(publishUntilAcknowledged(transport, "before-" + i));
            }
            master.kill();
            for (int i = 0; i < 10; i++) {
                acknowledged.add(publishUntilAcknowledged(transport, "after-" + i));
            }
            List<String> stored = transport.history().after(Replay.EARLIEST).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).events().stream().map(Event::id).collect(Collectors.toList());
            // Publishes refused during the failover may be stored too (the master had them, WAIT
            // timed out): the acknowledged ones must all be there, in the order they were answered.
            assertThat(stored).containsSubsequence(acknowledged);
            await().atMost(PATIENCE).until(() -> {
                synchronized (received) {
                    return received.stream().map(Event::id).collect(Collectors.toList()).containsAll(acknowledged);
                }
            });
            synchronized (received) {
                assertThat(received.stream().map(Event::id).collect(Collectors.toList()))
                        .containsSubsequence(acknowledged);
                // A retried publish is a new event (its id repeats): no event is delivered twice.
                List<Long> sequences = received.stream().map(Event::sequence).toList();
                assertThat(sequences).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    /** Publishes until answered (each attempt fails fast while there is no master), and returns the id. */
    private static String publishUntilAcknowledged(RedisTransport transport, String data) throws Exception {
        String id = "urn:test:" + data;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return transport.publish(new Update(id, List.of("t"), data, false, null, 0, java.util.Set.of()))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS).id();
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A real redis-sentinel watching one master, quorum 1, quick to decide. */
    private static final class Sentinel implements AutoCloseable {
        private final Process process;
        private final int port;

        private Sentinel(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Sentinel start(Path dir, int masterPort) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            int port = RedisServer.freePort();
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "logfile " + dir.resolve("sentinel.log"),
                    "sentinel monitor main 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds main 1000",
                    "sentinel failover-timeout main 5000",
                    "sentinel parallel-syncs main 2",
                    ""));
            Process p = new ProcessBuilder("redis-sentinel", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Sentinel(p, port);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("redis-sentinel did not start");
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
