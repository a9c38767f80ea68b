package dev.quicksilver.server.acme;

import io.netty.handler.ssl.SslContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The ACME challenges being answered now: HTTP-01 key authorizations by token, TLS-ALPN-01
 * certificates by domain. Written by the thread that obtains a certificate, read by the event
 * loops that answer the CA's validation requests. Thread-safe.
 */
public final class Challenges {
    private final Map<String, String> http = new ConcurrentHashMap<>();
    private final Map<String, SslContext> tlsAlpn = new ConcurrentHashMap<>();

    void http(String token, String keyAuthorization) {
        http.put(token, keyAuthorization);
    }

    void tlsAlpn(String domain, SslContext context) {
        tlsAlpn.put(domain.toLowerCase(Locale.ROOT), context);
    }

    void clear() {
        http.clear();
        tlsAlpn.clear();
    }

    /** The key authorization to serve at {@code /.well-known/acme-challenge/<token>}, or null. */
    public @Nullable String keyAuthorization(String token) {
        return http.get(token);
    }

    /** The TLS-ALPN-01 context for a connection that asks for acme-tls/1 with this server name, or null. */
    public @Nullable SslContext tlsAlpn(@Nullable String serverName) {
        return serverName == null ? null : tlsAlpn.get(serverName.toLowerCase(Locale.ROOT));
    }
}
