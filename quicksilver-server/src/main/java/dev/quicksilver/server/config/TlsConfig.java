package dev.quicksilver.server.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The certificate served over TLS (see docs/tls-http2.md); both null for cleartext.
 *
 * @param cert the PEM certificate chain, or null
 * @param key the PEM private key of {@code cert} (unencrypted PKCS#8), or null
 */
public record TlsConfig(@Nullable Path cert, @Nullable Path key) {
    /** Cleartext: HTTP/1.1 and h2c. */
    public static final TlsConfig NONE = new TlsConfig(null, null);

    public TlsConfig {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
    }

    /** Whether connections are served over TLS (HTTP/2 and HTTP/1.1 by ALPN), rather than cleartext. */
    public boolean enabled() {
        return cert != null;
    }
}
