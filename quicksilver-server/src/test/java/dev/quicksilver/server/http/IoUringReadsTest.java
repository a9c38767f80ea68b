package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quicksilver.server.config.IoTransport;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import io.netty.channel.uring.IoUring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * configuration.md Event loops: on io_uring a connection waits for bytes without a read buffer
 * (Netty polls first and allocates one when the socket is readable, sized by its adaptive
 * allocator), so a request much larger than one read, or many requests at once, must still be read
 * whole. Runs on io_uring whatever the build's transport.
 */
class IoUringReadsTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        hub = TestHub.start(b -> b.anonymous(true).listen(l -> l.ioTransport(IoTransport.IO_URING)));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @DisplayName("io_uring: a POST body of 600 KB (many reads) is read whole and delivered as sent")
    void largeBody() {
        String data = pattern(600_000, 1);
        try (SseClient client = hub.subscribe("large")) {
            assertThat(hub.publish(data, "large").statusCode()).isEqualTo(200);
            assertThat(client.next(Duration.ofSeconds(10)).data()).isEqualTo(data);
        }
    }

    @Test
    @DisplayName("io_uring: 64 publishers at once, each on its own connection with a 40 KB body: all read, all delivered")
    void concurrentPublishers() throws Exception {
        int publishers = 64;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try (SseClient client = hub.subscribe("many")) {
            CountDownLatch ready = new CountDownLatch(publishers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < publishers; i++) {
                String data = pattern(40_000, i);
                sent.add(data);
                answers.add(pool.submit(() -> {
                    try (Socket socket = new Socket("127.0.0.1", hub.port())) {
                        ready.countDown();
                        go.await();
                        return post(socket, "data=" + data + "&topic=many");
                    }
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
            }
            Set<String> received = new HashSet<>();
            for (int i = 0; i < publishers; i++) {
                received.add(client.next(Duration.ofSeconds(10)).data());
            }
            assertThat(received).isEqualTo(sent);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes one POST in one go (the whole request arrives at once) and reads the answer's status line. */
    private static String post(Socket socket, String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        String head = "POST /.well-known/mercure HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TestHub.allAccess() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        OutputStream out = socket.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Letters that differ from one publisher to the next, so that a byte read twice or lost shows. */
    private static String pattern(int length, int seed) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + (i * 7 + seed * 13 + i / 26) % 26));
        }
        return s.toString();
    }
}
