package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.TestTls;
import io.netty.handler.ssl.SslProvider;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The container image's health check: it finds the hub from the same variables and asks its /healthz. */
class HealthCheckTest {

    @Test
    @DisplayName("the check asks loopback on the hub's port, or on metrics-addr when /healthz moved there")
    void findsTheHealthEndpoint() throws Exception {
        assertThat(HealthCheck.healthUri(ConfigLoader.load(Map.of("SERVER_NAME", ":8080"), Map.of()).config()))
                .isEqualTo(URI.create("http://127.0.0.1:8080/healthz"));
        assertThat(HealthCheck.healthUri(ConfigLoader.load(Map.of("QUICKSILVER_ADDR", "[::]:3000"), Map.of()).config()))
                .isEqualTo(URI.create("http://[::1]:3000/healthz"));
        assertThat(HealthCheck.healthUri(ConfigLoader.load(Map.of("QUICKSILVER_ADDR", ":3000",
                "QUICKSILVER_METRICS_ADDR", "127.0.0.1:9764"), Map.of()).config()))
                .isEqualTo(URI.create("http://127.0.0.1:9764/healthz"));
        assertThat(HealthCheck.healthUri(ConfigLoader.load(Map.of("QUICKSILVER_ADDR", ":443",
                "QUICKSILVER_TLS_CERT", TestTls.CERT.toString(), "QUICKSILVER_TLS_KEY", TestTls.KEY.toString()), Map.of())
                .config())).isEqualTo(URI.create("https://127.0.0.1:443/healthz"));
    }

    @Test
    @DisplayName("healthy hub: 0, over HTTP and over HTTPS with a certificate for another name; nothing listening: 1")
    void exitStatus() throws Exception {
        try (TestHub hub = TestHub.start()) {
            assertThat(HealthCheck.check(Map.of("QUICKSILVER_ADDR", "127.0.0.1:" + hub.port()))).isZero();
        }
        try (TestHub hub = TestHub.startTls(SslProvider.JDK, b -> b)) {
            assertThat(HealthCheck.check(Map.of("QUICKSILVER_ADDR", "127.0.0.1:" + hub.port(),
                    "QUICKSILVER_TLS_CERT", TestTls.CERT.toString(), "QUICKSILVER_TLS_KEY", TestTls.KEY.toString()))).isZero();
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(HealthCheck.check(Map.of("QUICKSILVER_ADDR", "127.0.0.1:" + closed))).isEqualTo(1);
    }
}
