package dev.quicksilver.server.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.HubProcess;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that break HTTP/2 on purpose cost the hub's log one short line a minute, not a stack trace each. */
class Http2ProtocolErrorsTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** After the preface, a SETTINGS frame whose length is not a multiple of 6: a connection error (RFC 9113 §6.5). */
    private static final byte[] BAD_SETTINGS = {0, 0, 7, 0x4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7};
    private static final int CONNECTIONS = 300;

    private static void breakOne(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(PREFACE);
            out.write(BAD_SETTINGS);
            out.flush();
            InputStream in = s.getInputStream();
            // The hub answers (its SETTINGS, then GOAWAY) and closes: read to the end.
            while (in.read(new byte[4096]) >= 0) {
                // drained
            }
        }
    }

    @Test
    @DisplayName("300 connections each sending a broken HTTP/2 frame: a line or two in the log, the connections "
            + "closed, an ordinary subscriber served meanwhile")
    void boundedLog(@TempDir Path dir) throws Exception {
        try (HubProcess hub = HubProcess.start(Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", TestHub.SECRET,
                "QUICKSILVER_ANONYMOUS", "1", "QUICKSILVER_DATA_DIR", dir.toString()))) {
            int before = hub.log().length();
            try (SseClient subscriber = SseClient.open(hub.uri("/.well-known/mercure?topic=t"))) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    breakOne(hub.port());
                }
                HttpRequest publish = HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                        .header("Authorization", "Bearer " + TestHub.allAccess())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("topic=t&data=still-here")).build();
                assertThat(TestHub.send(publish).statusCode()).isEqualTo(200);
                SseEvent event = subscriber.next(Duration.ofSeconds(10));
                assertThat(event).isNotNull();
                assertThat(event.data()).isEqualTo("still-here");
            }
            Thread.sleep(200); // the last lines reach the log reader
            String log = hub.log().substring(before);
            assertThat(log.lines().filter(l -> l.contains("protocol error")).count()).isBetween(1L, 2L);
            assertThat(log).doesNotContain("\tat ").doesNotContain("reached at the tail of the pipeline");
            // Each broken connection sent 25 bytes; the hub wrote well under a byte for each.
            assertThat(log.length()).isLessThan(CONNECTIONS);
        }
    }
}
