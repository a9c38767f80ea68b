package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With subscription events on, every connection publishes one event per selector when it opens
 * and one when it closes. Kept in the same history as the updates, anonymous connections pushed
 * the updates out, and a client resuming with a valid {@code Last-Event-ID} got {@code earliest}
 * and missed an update. Over real sockets, with a history of {@link #HISTORY} events.
 */
class SubscriptionEventFloodTest {
    private static final int HISTORY = 100;
    private static final String TOPIC = "https://example.com/flood";

    @TempDir
    Path dataDir;

    private TestHub start(HistoryStore store) {
        return TestHub.start(b -> b.features(f -> f.subscriptions(true)).anonymous(true)
                .history(h -> h.size(HISTORY).store(store).dataDir(dataDir)));
    }

    @ParameterizedTest
    @EnumSource(HistoryStore.class)
    @DisplayName("connect/disconnect floods (many anonymous connections, a few with many selectors) publish far more "
            + "subscription events than the history holds; a client resuming with a valid Last-Event-ID still "
            + "gets the update it missed")
    void floodKeepsUpdates(HistoryStore store) throws Exception {
        try (TestHub hub = start(store);
                SseClient watcher = hub.subscribeWithToken(TestHub.allAccess(),
                        "/.well-known/mercure/subscriptions/{topic}/{subscriber}")) {
            assertThat(watcher.status()).isEqualTo(200);
            String seen = "urn:uuid:6f0d7a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6";
            assertThat(hub.post(TestHub.allAccess(), "topic=" + TestHub.encode(TOPIC) + "&id=" + seen + "&data=seen")
                    .statusCode()).isEqualTo(200);
            assertThat(hub.publish("missed", TOPIC).statusCode()).isEqualTo(200);
            int events = 0;
            for (int i = 0; i < HISTORY; i++) {
                connectAndLeave(hub, "/.well-known/mercure?topic=" + TestHub.encode("https://example.com/c/" + i));
                events += 2;
            }
            StringBuilder manySelectors = new StringBuilder("/.well-known/mercure?topic=t0");
            for (int t = 1; t < HISTORY; t++) {
                manySelectors.append("&topic=t").append(t);
            }
            for (int i = 0; i < 3; i++) {
                connectAndLeave(hub, manySelectors.toString());
                events += 2 * HISTORY;
            }
            // Every one of them went out live: the watcher receives them all.
            for (int i = 0; i < events; i++) {
                assertThat(watcher.next()).as("subscription event %d of %d", i + 1, events).isNotNull();
            }

            try (SseClient resumed = SseClient.open(hub.subscribeUri(TOPIC), Map.of("Last-Event-ID", seen))) {
                assertThat(resumed.status()).isEqualTo(200);
                assertThat(resumed.headers().firstValue("Last-Event-ID")).hasValue(seen);
                SseEvent missed = resumed.next();
                assertThat(missed).isNotNull();
                assertThat(missed.data()).isEqualTo("missed");
            }
        }
    }

    /** Opens an anonymous subscription, waits for its response headers, and closes the connection. */
    private static void connectAndLeave(TestHub hub, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Byte> head = new ArrayList<>();
            while (!endsWithBlankLine(head)) {
                int b = in.read();
                assertThat(b).as("the response headers").isNotNegative();
                head.add((byte) b);
            }
            assertThat(new String(toArray(head), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        }
    }

    private static boolean endsWithBlankLine(List<Byte> bytes) {
        int n = bytes.size();
        return n >= 4 && bytes.get(n - 4) == '\r' && bytes.get(n - 3) == '\n' && bytes.get(n - 2) == '\r'
                && bytes.get(n - 1) == '\n';
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
