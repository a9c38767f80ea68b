package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.TestHub;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9112 §3.2 (one Host) and RFC 9110 §15.6.6 (versions), on raw sockets. */
class HttpFramingTest {
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(b -> b.threads(1).anonymous(true));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static RawHttp.Response exchange(String request) throws IOException {
        return RawHttp.exchange(hub.port(), request);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9"})
    @DisplayName("a version the hub does not speak over HTTP/1.x → 505 with a message, and the connection closed")
    void unsupportedVersion(String version) throws IOException {
        try (Socket socket = RawHttp.connect(hub.port())) {
            socket.getOutputStream().write(("GET /healthz " + version + "\r\nHost: x\r\n\r\n").getBytes());
            RawHttp.Response r = RawHttp.read(socket.getInputStream(), false);
            assertThat(r.status()).isEqualTo(505);
            assertThat(r.body()).contains(version);
            assertThat(RawHttp.closedByServer(socket)).isTrue();
        }
    }

    @Test
    @DisplayName("HTTP/1.1 without Host → 400")
    void noHost() throws IOException {
        RawHttp.Response r = exchange("GET /healthz HTTP/1.1\r\n\r\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Host");
    }

    @Test
    @DisplayName("two Host headers → 400, in HTTP/1.1 and HTTP/1.0 alike")
    void twoHosts() throws IOException {
        assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status()).isEqualTo(400);
        assertThat(exchange("GET /healthz HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("HTTP/1.0 may omit Host; HTTP/1.1 with one Host is served")
    void served() throws IOException {
        assertThat(exchange("GET /healthz HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
        assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
    }
}
