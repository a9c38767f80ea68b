package dev.quicksilver.server.support;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed test certificate for localhost and 127.0.0.1 (src/test/resources/tls, valid for
 * a hundred years), and clients that trust it.
 */
public final class TestTls {
    public static final Path CERT = Path.of("src/test/resources/tls/localhost.crt");
    public static final Path KEY = Path.of("src/test/resources/tls/localhost.key");

    private TestTls() {}

    /** A JDK SSLContext that trusts the test certificate only. */
    public static SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(CERT)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("localhost", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Netty client context that trusts the test certificate and offers these protocols by ALPN. */
    public static SslContext nettyClient(String... protocols) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().trustManager(CERT.toFile())
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
            if (protocols.length > 0) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols));
            }
            return b.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SslContext nettyH2Client() {
        return nettyClient(ApplicationProtocolNames.HTTP_2);
    }
}
