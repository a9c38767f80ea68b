package dev.quicksilver.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** What the builders of this library share: checks of their settings and how they make an HTTP client. */
final class ClientSettings {
    private ClientSettings() {}

    static Duration positive(@Nullable Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /**
     * The application's own client when it gave one, else one with these settings. HTTP/2 is asked
     * over TLS only: on cleartext the JDK's client would try an {@code Upgrade: h2c}, which hubs
     * (Quicksilver speaks h2c by prior knowledge only) do not take, and which delays every first
     * request on a connection.
     */
    static HttpClient httpClient(@Nullable HttpClient own, URI url, HttpClient.Version version, Duration connectTimeout,
            @Nullable SSLContext sslContext) {
        if (own != null) {
            return own;
        }
        HttpClient.Version v = "https".equalsIgnoreCase(url.getScheme()) ? version : HttpClient.Version.HTTP_1_1;
        HttpClient.Builder h = HttpClient.newBuilder().version(v).connectTimeout(connectTimeout);
        if (sslContext != null) {
            h.sslContext(sslContext);
        }
        return h.build();
    }
}
