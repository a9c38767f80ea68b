package dev.quicksilver.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Certificates obtained by ACME (RFC 8555), see docs/https.md.
 *
 * @param domains the names the certificate covers; empty: ACME is off
 * @param email the account's contact, or null
 * @param directory the ACME server's directory URL
 * @param challenge how the hub proves it controls the domains
 * @param caRoot a PEM certificate to trust for the ACME server's own HTTPS (a private CA), or null
 * @param renewBefore how long before expiry the certificate is renewed
 * @param firstRetry the wait after a first failure to obtain a certificate; it doubles up to an hour
 * @param httpAddr the cleartext listener (HTTP-01 challenges, redirects), or null for none
 * @param redirect whether that listener redirects other requests to HTTPS
 */
public record AcmeConfig(List<String> domains, @Nullable String email, URI directory, Challenge challenge,
        @Nullable Path caRoot, Duration renewBefore, Duration firstRetry, @Nullable ListenAddress httpAddr,
        boolean redirect) {
    public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";
    public static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
    public static final AcmeConfig NONE = new AcmeConfig(List.of(), null, URI.create(LETS_ENCRYPT),
            Challenge.TLS_ALPN_01, null, Duration.ofDays(30), Duration.ofMinutes(1), null, false);

    /** The same, with these domains (tests, embedding). */
    public AcmeConfig withDomains(List<String> v) {
        return new AcmeConfig(v, email, directory, challenge, caRoot, renewBefore, firstRetry, httpAddr, redirect);
    }

    public AcmeConfig {
        domains = List.copyOf(domains);
    }

    public boolean enabled() {
        return !domains.isEmpty();
    }

    /** The ACME challenge types the hub answers. */
    public enum Challenge {
        /** On the HTTPS port: a certificate for the ALPN protocol acme-tls/1 (RFC 8737). */
        TLS_ALPN_01,
        /** On the HTTP port ({@code http-addr}): a file under /.well-known/acme-challenge/. */
        HTTP_01;

        public static Challenge parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "tls-alpn-01" -> TLS_ALPN_01;
                case "http-01" -> HTTP_01;
                default -> throw new IllegalArgumentException("\"" + value + "\" is not a challenge type (tls-alpn-01 "
                        + "or http-01)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
