package dev.quicksilver.server.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The server's TLS context, from PEM files: OpenSSL (the BoringSSL that netty-tcnative bundles) when
 * it loads on this machine, the JDK's provider otherwise. Both offer HTTP/2 and HTTP/1.1 by ALPN,
 * HTTP/2 first, with HTTP/2's cipher suites (RFC 7540 §9.2).
 */
public final class Tls {
    private Tls() {}

    /** OpenSSL when available (faster handshakes and record encryption), else the JDK. */
    public static SslProvider preferredProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A name for the start-up log line. */
    public static String describe(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK" : "OpenSSL (" + OpenSsl.versionString() + ")";
    }

    /**
     * @param cert PEM certificate chain, the server's certificate first
     * @param key PEM private key of that certificate
     * @throws IllegalArgumentException naming the files when they cannot be read as a certificate and its key
     */
    public static SslContext serverContext(Path cert, Path key, SslProvider provider) {
        try {
            return hub(SslContextBuilder.forServer(cert.toFile(), key.toFile()), provider).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-cert " + cert + " / tls-key " + key
                    + ": not a PEM certificate and its private key (" + e.getMessage() + "; the key must be "
                    + "unencrypted PKCS#8, BEGIN PRIVATE KEY: convert one with openssl pkcs8 -topk8 -nocrypt)", e);
        }
    }

    /** The same context from a key and chain in memory (a certificate obtained by ACME). */
    public static SslContext serverContext(PrivateKey key, List<X509Certificate> chain, SslProvider provider)
            throws SSLException {
        return hub(SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)), provider).build();
    }

    private static SslContextBuilder hub(SslContextBuilder builder, SslProvider provider) {
        return builder.sslProvider(provider)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
    }
}
