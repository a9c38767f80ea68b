package dev.quicksilver.server.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.support.H2Client;
import dev.quicksilver.server.support.TestHub;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 9113 §5.4.2: an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM. */
class Http2ResetTest {
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TestHub.allAccess());

    @Test
    @DisplayName("a subscriber that resets its stream gets no RST_STREAM back; the connection and its other stream go on")
    void noResetForAReset() throws Exception {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port())) {
            String path = "/.well-known/mercure?topic=" + TestHub.encode("https://example.com/reset");
            H2Client.Stream leaving = client.get(path, AUTH);
            H2Client.Stream staying = client.get(path, AUTH);
            assertThat(leaving.status()).isEqualTo(200);
            assertThat(staying.status()).isEqualTo(200);
            int id = leaving.channel().stream().id();
            leaving.channel().writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.server().subscribers() == 1);
            hub.publish("after the reset", "https://example.com/reset");
            await().atMost(Duration.ofSeconds(5)).until(() -> staying.data().contains("data: after the reset\n"));
            Thread.sleep(200); // a reset sent after the hub saw the client's would have arrived by now
            assertThat(client.resetsReceived).as("RST_STREAM frames from the hub").doesNotContain(id);
            assertThat(client.connection().isActive()).isTrue();
        }
    }

    @Test
    @DisplayName("a request reset before its body is complete gets no RST_STREAM back either")
    void noResetForAResetRequest() throws Exception {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port())) {
            io.netty.handler.codec.http2.Http2StreamChannel stream = new io.netty.handler.codec.http2
                    .Http2StreamChannelBootstrap(client.connection()).handler(new H2Client.Stream()).open().sync().getNow();
            io.netty.handler.codec.http2.Http2Headers headers = new io.netty.handler.codec.http2.DefaultHttp2Headers()
                    .method("POST").path("/.well-known/mercure").scheme("http").authority("127.0.0.1:" + hub.port())
                    .add("authorization", AUTH.get("Authorization"))
                    .add("content-type", "application/x-www-form-urlencoded");
            stream.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2HeadersFrame(headers, false)).sync();
            stream.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(
                    io.netty.buffer.Unpooled.copiedBuffer("topic=a&da", java.nio.charset.StandardCharsets.UTF_8), false))
                    .sync();
            Thread.sleep(200);
            int id = stream.stream().id();
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).sync();
            Thread.sleep(300);
            assertThat(client.resetsReceived).as("RST_STREAM frames from the hub").doesNotContain(id);
            assertThat(client.get("/healthz", Map.of()).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a stream reset while its replay waits on a closed window gets no RST_STREAM back")
    void noResetForAResetReplay() throws Exception {
        try (TestHub hub = TestHub.start(); H2Client client = new H2Client(hub.port(),
                null, io.netty.handler.codec.http2.Http2Settings.defaultSettings().initialWindowSize(1024), 0)) {
            for (int i = 0; i < 100; i++) {
                hub.publish("event " + i + " " + "x".repeat(200), "https://example.com/replay");
            }
            H2Client.Stream sse = client.request("GET", "/.well-known/mercure?topic="
                    + TestHub.encode("https://example.com/replay"), Map.of("Authorization", AUTH.get("Authorization"),
                    "Last-Event-ID", "earliest"), null, false);
            assertThat(sse.status()).isEqualTo(200);
            Thread.sleep(200);
            int id = sse.channel().stream().id();
            sse.channel().writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.server().subscribers() == 0);
            Thread.sleep(300);
            assertThat(client.resetsReceived).as("RST_STREAM frames from the hub").doesNotContain(id);
        }
    }
}
