package dev.quicksilver.server.acme;

import dev.quicksilver.server.config.AcmeConfig;
import dev.quicksilver.server.http.Tls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the HTTPS port serves when ACME is on: the stored one while it is valid for longer
 * than {@code acme-renew-before}, else a new one from the CA. Renewal runs on its own thread and
 * swaps the certificate for new connections without a restart (open ones keep theirs). A failure is
 * logged with the CA's reason and retried with a doubling wait (from {@code firstRetry}, at most an
 * hour); the hub meanwhile keeps serving what it has: the old certificate, and its cleartext port.
 */
public final class AcmeCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);
    private static final Duration MAX_RETRY = Duration.ofHours(1);
    /** How often the certificate's expiry is looked at. */
    private static final Duration CHECK = Duration.ofHours(12);

    private final AcmeConfig config;
    private final StoredCertificate store;
    private final Challenges challenges = new Challenges();
    private final AcmeClient client;
    private final SslProvider provider;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quicksilver-acme");
        t.setDaemon(true);
        return t;
    });
    private volatile @Nullable SslContext current;
    private volatile @Nullable Instant notAfter;
    private volatile int failures;
    private Duration retry;

    /** @param dir where the account key and the certificate are kept ({@code <data-dir>/acme}) */
    public AcmeCertificates(AcmeConfig config, Path dir, SslProvider provider, Clock clock) {
        this.config = config;
        this.store = new StoredCertificate(dir);
        this.client = new AcmeClient(config, store, challenges);
        this.provider = provider;
        this.clock = clock;
        this.retry = config.firstRetry();
    }

    /** Serves the stored certificate if there is one, and starts obtaining or renewing in the background. */
    public void start() {
        List<X509Certificate> stored = store.chain();
        if (stored != null) {
            install(stored, "stored");
        }
        thread.execute(this::check);
    }

    private void check() {
        Instant expiry = notAfter;
        if (expiry != null && clock.instant().isBefore(expiry.minus(config.renewBefore()))) {
            schedule(Duration.between(clock.instant(), expiry.minus(config.renewBefore())).compareTo(CHECK) < 0
                    ? Duration.between(clock.instant(), expiry.minus(config.renewBefore())) : CHECK);
            return;
        }
        try {
            LOG.info("ACME: {} a certificate for {} from {}", expiry == null ? "obtaining" : "renewing",
                    config.domains(), config.directory());
            install(client.obtain(), "obtained");
            failures = 0;
            retry = config.firstRetry();
            Duration untilRenewal = Duration.between(clock.instant(), notAfter.minus(config.renewBefore()));
            if (untilRenewal.isNegative()) {
                // A certificate shorter-lived than acme-renew-before: renewing at once would never end.
                LOG.warn("ACME: the new certificate expires at {}, within acme-renew-before ({}); next renewal in {}",
                        notAfter, config.renewBefore(), CHECK);
                schedule(CHECK);
            } else {
                schedule(untilRenewal.compareTo(CHECK) < 0 ? untilRenewal : CHECK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures++;
            LOG.error("ACME: no certificate for {} from {}: {}; next try in {}{}", config.domains(), config.directory(),
                    reason(e), retry, expiry == null ? "; HTTPS is refused until then"
                            : "; the current certificate is served until " + expiry);
            schedule(retry);
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    private static String reason(Exception e) {
        Throwable t = e;
        StringBuilder why = new StringBuilder(String.valueOf(t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            why.append(" (").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(')');
        }
        return why.toString();
    }

    private void schedule(Duration wait) {
        if (!thread.isShutdown()) {
            thread.schedule(this::check, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void install(List<X509Certificate> chain, String how) {
        try {
            current = Tls.serverContext(store.certificateKey().getPrivate(), chain, provider);
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("the certificate in " + store.certificate() + " cannot be served: "
                    + e.getMessage(), e);
        }
        notAfter = StoredCertificate.notAfter(chain);
        LOG.info("ACME: serving the {} certificate for {}, valid until {}", how, config.domains(), notAfter);
    }

    /** The certificate to serve now; null before the first one is obtained. */
    public @Nullable SslContext current() {
        return current;
    }

    /** When the certificate served now expires; null before the first one. */
    public @Nullable Instant notAfter() {
        return notAfter;
    }

    /** Failed attempts since the last success. */
    public int failures() {
        return failures;
    }

    public Challenges challenges() {
        return challenges;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
