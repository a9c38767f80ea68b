package dev.quicksilver.server;

import dev.quicksilver.server.config.ConfigException;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.http.StaticPages;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The container's health check: asks the hub running beside it for {@code /healthz} and exits 0
 * when it answers 200, 1 otherwise. An image built from scratch has no shell and no curl, so the
 * check is this class, run by the image's own Java:
 * {@code java -cp quicksilver.jar dev.quicksilver.server.HealthCheck}.
 *
 * <p>It reads the same environment variables as the hub, so it finds the port (or the separate
 * {@code metrics-addr} listener, which then serves {@code /healthz}) and the scheme the hub uses
 * without being told twice. Over HTTPS it trusts any certificate: it talks to its own process
 * over loopback, where the certificate names a public host that loopback is not.
 */
public final class HealthCheck {
    private HealthCheck() {}

    public static void main(String[] args) throws InterruptedException {
        int status;
        try {
            status = check(System.getenv());
        } catch (ConfigException e) {
            System.err.println("unhealthy: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** 0 when the hub configured by {@code env} answers {@code /healthz} with 200, else 1 (the reason on stderr). */
    static int check(Map<String, String> env) throws ConfigException, InterruptedException {
        URI uri = healthUri(ConfigLoader.fromCommandLine(env, Map.of()).config());
        try {
            HttpResponse<String> response = client(uri).send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return 0;
            }
            System.err.println(uri + ": " + response.statusCode() + " " + response.body().strip());
            return 1;
        } catch (IOException e) {
            System.err.println(uri + ": " + e);
            return 1;
        }
    }

    /** Where the hub answers {@code /healthz}: on loopback, whatever interface it listens on. */
    static URI healthUri(HubConfig config) {
        ListenAddress admin = config.metrics().addr();
        boolean tls = admin == null && config.tls().enabled();
        String host = admin != null ? admin.host() : config.listen().host();
        int port = admin != null ? admin.port() : config.listen().port();
        String loopback = host == null || host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "[::1]"
                : host.contains(":") ? "[" + host + "]" : host;
        return URI.create((tls ? "https" : "http") + "://" + loopback + ":" + port + StaticPages.HEALTH_PATH);
    }

    private static HttpClient client(URI uri) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (uri.getScheme().equals("https")) {
            builder.sslContext(trustingContext());
        }
        return builder.build();
    }

    private static SSLContext trustingContext() {
        // An X509ExtendedTrustManager is used as it is, without the JDK's host name check around
        // it: this one accepts the chain and the name alike.
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
