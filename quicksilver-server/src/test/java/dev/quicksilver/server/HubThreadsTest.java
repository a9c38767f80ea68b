package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every thread a hub starts is named for it, so that a thread dump tells the hub's own apart. */
class HubThreadsTest {

    private static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet();
    }

    @Test
    @DisplayName("the event loops are quicksilver-loop-N, and every thread a busy hub starts is quicksilver-*")
    void named(@TempDir Path dir) throws Exception {
        Set<Thread> before = threads();
        try (TestHub hub = TestHub.start(b -> b.threads(2)
                .history(h -> h.store(HistoryStore.SQLITE).dataDir(dir)).features(f -> f.subscriptions(true)))) {
            // Work that starts every kind of thread: a stream, a publish, a replay, a scrape.
            try (SseClient s = hub.subscribeWithToken(TestHub.allAccess(), "t")) {
                String id = hub.publish("x", "t").body().strip();
                assertThat(s.next().data()).isEqualTo("x");
                try (SseClient resumed = SseClient.open(hub.subscribeUri("t"),
                        Map.of("Last-Event-ID", "earliest", "Authorization", "Bearer " + TestHub.allAccess()))) {
                    assertThat(resumed.next().id()).isEqualTo(id);
                }
            }
            assertThat(hub.get("/metrics", Map.of()).statusCode()).isEqualTo(200);
            Set<String> started = threads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                    .collect(Collectors.toSet());
            assertThat(started).contains("quicksilver-loop-1", "quicksilver-loop-2", "quicksilver-history-writer");
            // The metrics renderer is one thread for every hub of the process, idle for a minute before it
            // ends: an earlier test's scrape may have started it already.
            assertThat(threads().stream().map(Thread::getName)).contains("quicksilver-metrics");
            assertThat(started).allMatch(name -> name.startsWith(HubThreads.PREFIX)
                    // the JDK's own: the test's HttpClient, and the reaper of a process some library ran
                    || name.startsWith("HttpClient-") || name.equals("process reaper"));
        }
    }
}
