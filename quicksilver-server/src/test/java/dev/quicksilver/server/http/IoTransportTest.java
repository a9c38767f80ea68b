package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.IoTransport;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.TestHub;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * configuration.md Event loops: each {@code io-transport} runs the hub, and delivers. (The delivery,
 * history, HTTP/2 and TLS suites run on io_uring, the default here, and again on epoll: see the
 * server module's pom.)
 */
class IoTransportTest {

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    @DisplayName("the chosen transport runs the event loops; a subscriber receives what is published")
    void delivers(IoTransport transport) {
        try (TestHub hub = TestHub.start(b -> b.anonymous(true).listen(l -> l.ioTransport(transport)));
                SseClient client = hub.subscribe("t")) {
            assertThat(hub.server().ioTransport()).isEqualTo(transport);
            hub.publish("first", "t");
            hub.publish("second", "t");
            assertThat(client.next().data()).isEqualTo("first");
            assertThat(client.next().data()).isEqualTo("second");
        }
    }

    @Test
    @DisplayName("auto: epoll where available (io_uring only when asked for, until it matches epoll's figures)")
    void autoPrefersEpoll() {
        try (TestHub hub = TestHub.start(b -> b.anonymous(true).listen(l -> l.ioTransport(IoTransport.AUTO)))) {
            assertThat(hub.server().ioTransport()).isEqualTo(
                    Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO);
        }
    }
}
