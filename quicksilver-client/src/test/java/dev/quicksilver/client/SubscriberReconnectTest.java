package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reconnection against a server scripted connection by connection over a raw socket: a silent
 * stream taken for dead, a cut event, a 503, and what each new request carries.
 */
class SubscriberReconnectTest {
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : open) {
            s.close();
        }
        server.close();
    }

    /** Serves the n-th connection with {@code script[n]} (the last one repeated); "" keeps the socket open, silent. */
    private String serve(String... script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            int n = 0;
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    requests.add(head(s));
                    String answer = script[Math.min(n++, script.length - 1)];
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (answer.contains("Connection: close")) {
                        s.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-sse");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/.well-known/mercure";
    }

    private static Map<String, String> head(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        Map<String, String> headers = new TreeMap<>();
        headers.put(":request", in.readLine());
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static String stream(String body, boolean close) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + (close ? "Connection: close\r\n" : "")
                + "\r\n" + body;
    }

    @Test
    @DisplayName("a silent stream is taken for dead; a cut event is dropped; a 503 is retried; each reconnection"
            + " carries the last complete id and a fresh token")
    void reconnects() throws Exception {
        String url = serve(
                stream("retry: 20\nid: a\ndata: 1\n\n", false),          // then silent: dead after the timeout
                stream("id: b\ndata: cut", true),                          // ends mid-event
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy",
                stream("data: 2\n\n", false));
        AtomicInteger minted = new AtomicInteger();
        SubscriberTest.Received r = new SubscriberTest.Received();
        try (Subscriber s = r.listen(Subscriber.builder(url).topic("https://example.com/t")
                .tokens(() -> "token-" + minted.incrementAndGet()).heartbeatTimeout(Duration.ofSeconds(2))
                .reconnect(Duration.ofSeconds(30), Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1))
                .connect()) {
            assertThat(r.next()).isEqualTo(new Event("a", "message", "1"));
            // The last stream goes silent too after its event: what follows is checked within the
            // 2 s heartbeat timeout, before it is taken for dead (a timeout short enough to keep the
            // test quick, long enough for a loaded machine).
            // no id on the last event: it keeps the last one, as in a browser
            assertThat(r.next()).isEqualTo(new Event("a", "message", "2"));
            List<Integer> statuses = new ArrayList<>();
            r.errors.forEach(e -> statuses.add(e.status()));
            assertThat(statuses).containsExactly(0, 0, 503);
            assertThat(r.errors).allMatch(SubscribeException::willReconnect);
            assertThat(s.connections()).isEqualTo(3);
        }
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0)).doesNotContainKey("last-event-id")
                .containsEntry("authorization", "Bearer token-1").containsEntry("accept", "text/event-stream");
        assertThat(requests.get(0).get(":request")).startsWith("GET /.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Ft ");
        for (int i = 1; i < 4; i++) {
            assertThat(requests.get(i)).containsEntry("last-event-id", "a").containsEntry("authorization",
                    "Bearer token-" + (i + 1));
        }
    }
}
