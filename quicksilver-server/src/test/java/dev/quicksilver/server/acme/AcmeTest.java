package dev.quicksilver.server.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quicksilver.server.config.AcmeConfig;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.ListenAddress;
import dev.quicksilver.server.support.FreePorts;
import dev.quicksilver.server.support.Pebble;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.TestTls;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates by ACME against a real Pebble on loopback: issuance by each challenge type, the
 * certificate kept and reused across a restart, renewal swapping it without a restart, and an
 * unreachable CA (a clear error, retries, the hub serving the rest).
 */
class AcmeTest {
    private static final String DOMAIN = "hub.quicksilver.test";

    @TempDir
    Path dir;

    @Test
    @DisplayName("tls-alpn-01: the hub obtains a certificate for its domain on its HTTPS port and serves it")
    void tlsAlpn() throws Exception {
        int https = FreePorts.below32768();
        try (Pebble pebble = Pebble.start(dir, FreePorts.below32768(), https);
                TestHub hub = hub(pebble, https, AcmeConfig.Challenge.TLS_ALPN_01, null, Duration.ofHours(1))) {
            X509Certificate cert = awaitCertificate(https, null);
            assertThat(cert.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo(DOMAIN));
            assertThat(Files.exists(dir.resolve("data/acme/account.key"))).isTrue();
            assertThat(Files.readString(dir.resolve("data/acme/certificate.pem"))).startsWith("-----BEGIN CERTIFICATE");
            assertThat(hub.server().acme().failures()).isZero();
        }
    }

    @Test
    @DisplayName("http-01 on the HTTP port, which redirects everything else to HTTPS; a restart serves the stored "
            + "certificate without asking the CA; renewal swaps it without a restart")
    void http01RestartAndRenewal() throws Exception {
        int https = FreePorts.below32768();
        int http = FreePorts.below32768();
        BigInteger first;
        try (Pebble pebble = Pebble.start(dir, http, https)) {
            try (TestHub hub = hub(pebble, https, AcmeConfig.Challenge.HTTP_01, new ListenAddress("127.0.0.1", http),
                    Duration.ofHours(1))) {
                first = awaitCertificate(https, null).getSerialNumber();
                HttpResponse<String> redirected = TestHub.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/.well-known/mercure?topic=x")).build());
                assertThat(redirected.statusCode()).isEqualTo(308);
                assertThat(redirected.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + https
                        + "/.well-known/mercure?topic=x");
            }
            // Restart: served at once from the data directory (pebble would issue another serial).
            try (TestHub hub = hub(pebble, https, AcmeConfig.Challenge.HTTP_01, new ListenAddress("127.0.0.1", http),
                    Duration.ofHours(1))) {
                assertThat(served(https).getSerialNumber()).isEqualTo(first);
            }
            // Renewal: a renew-before longer than the certificate's life makes it due at once.
            try (TestHub hub = hub(pebble, https, AcmeConfig.Challenge.HTTP_01, new ListenAddress("127.0.0.1", http),
                    Duration.ofDays(365 * 100))) {
                X509Certificate renewed = awaitCertificate(https, first);
                assertThat(renewed.getSerialNumber()).isNotEqualTo(first);
            }
        }
    }

    @Test
    @DisplayName("CA unreachable: a clear error, retries with a growing wait, and the hub keeps serving HTTP")
    void caUnreachable() throws Exception {
        int https = FreePorts.below32768();
        int http = FreePorts.below32768();
        int nothing = FreePorts.below32768();
        HubConfig config = base(https).acme(new AcmeConfig(List.of(DOMAIN), null,
                URI.create("https://127.0.0.1:" + nothing + "/dir"), AcmeConfig.Challenge.HTTP_01,
                TestTls.CERT, Duration.ofHours(1), Duration.ofMillis(200), new ListenAddress("127.0.0.1", http), false))
                .build();
        try (dev.quicksilver.server.logging.CapturedLog log = new dev.quicksilver.server.logging.CapturedLog(
                dev.quicksilver.server.logging.LogFormat.TEXT, org.slf4j.event.Level.INFO);
                TestHub hub = TestHub.start(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.server().acme().failures() >= 3);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("ACME: no certificate for [" + DOMAIN
                    + "] from https://127.0.0.1:" + nothing + "/dir").contains("next try in PT0.2S"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("next try in PT0.4S"));
            HttpResponse<String> plain = TestHub.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/anything")).build());
            assertThat(plain.statusCode()).isEqualTo(404);
            assertThat(plain.body()).contains("served over HTTPS");
            assertThat(hub.server().acme().current()).isNull();
        }
    }

    private HubConfig.Builder base(int https) {
        return HubConfig.builder().listen(l -> l.host("127.0.0.1").port(https))
                .history(h -> h.store(HistoryStore.SQLITE).dataDir(dir.resolve("data")))
                .auth(a -> a.anonymous(true));
    }

    private TestHub hub(Pebble pebble, int https, AcmeConfig.Challenge challenge, ListenAddress http, Duration renewBefore) {
        return TestHub.start(base(https).acme(new AcmeConfig(List.of(DOMAIN), "ops@quicksilver.test",
                URI.create(pebble.directory()), challenge, TestTls.CERT, renewBefore, Duration.ofSeconds(1), http,
                true)).build());
    }

    /** Waits until the HTTPS port serves a certificate other than {@code previous} (null: any). */
    private static X509Certificate awaitCertificate(int port, BigInteger previous) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> served(port), c -> previous == null || !c.getSerialNumber().equals(previous));
    }

    /** The certificate the port serves for the domain (trusting any: Pebble's roots are per run). */
    static X509Certificate served(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(DOMAIN)));
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

}
