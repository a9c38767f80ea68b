package dev.quicksilver.server.acme;

import dev.quicksilver.server.config.AcmeConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of RFC 8555 with acme4j: the account (created, or found again by its key), an order for
 * the domains, each authorization proved by the configured challenge, the order finalized with a
 * fresh key, the chain downloaded. Blocking: runs on the ACME thread, never on an event loop.
 */
final class AcmeClient {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeClient.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AcmeConfig config;
    private final StoredCertificate store;
    private final Challenges challenges;

    AcmeClient(AcmeConfig config, StoredCertificate store, Challenges challenges) {
        this.config = config;
        this.store = store;
        this.challenges = challenges;
    }

    /** A new certificate for the domains, saved; its chain. */
    List<X509Certificate> obtain() throws AcmeException, InterruptedException {
        Session session = new Session(config.directory(), new Provider(trust(config)));
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(store.accountKey());
        if (config.email() != null) {
            builder.addEmail(config.email());
        }
        Account account = builder.create(session);
        Order order = account.newOrder().domains(config.domains()).create();
        try {
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    prove(authorization);
                }
            }
            if (order.waitUntilReady(WAIT) != Status.READY) {
                throw new AcmeException("the order is " + order.getStatus() + order.getError().map(p -> ": " + p).orElse(""));
            }
            KeyPair key = store.newCertificateKey();
            order.execute(key);
            if (order.waitForCompletion(WAIT) != Status.VALID) {
                throw new AcmeException("the order was not completed: " + order.getError().map(Object::toString)
                        .orElse(order.getStatus().toString()));
            }
            Certificate certificate = order.getCertificate();
            StringWriter pem = new StringWriter();
            certificate.writeCertificate(pem);
            store.save(key, pem.toString());
            return certificate.getCertificateChain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            challenges.clear();
        }
    }

    private void prove(Authorization authorization) throws AcmeException, InterruptedException {
        String domain = authorization.getIdentifier().getDomain();
        Challenge challenge;
        if (config.challenge() == AcmeConfig.Challenge.HTTP_01) {
            Http01Challenge http = authorization.findChallenge(Http01Challenge.class).orElseThrow(
                    () -> new AcmeException("the CA offers no http-01 challenge for " + domain));
            challenges.http(http.getToken(), http.getAuthorization());
            challenge = http;
        } else {
            TlsAlpn01Challenge alpn = authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow(
                    () -> new AcmeException("the CA offers no tls-alpn-01 challenge for " + domain));
            challenges.tlsAlpn(domain, alpnContext(alpn, authorization));
            challenge = alpn;
        }
        LOG.info("ACME: proving {} by {}", domain, config.challenge().label());
        challenge.trigger();
        Status status = challenge.waitForCompletion(WAIT);
        if (status != Status.VALID) {
            throw new AcmeException("the " + config.challenge().label() + " challenge for " + domain + " failed: "
                    + challenge.getError().map(Object::toString).orElse(status.toString()));
        }
    }

    /** RFC 8737: a self-signed certificate for the domain with the acmeIdentifier extension, offered for acme-tls/1 only. */
    private static SslContext alpnContext(TlsAlpn01Challenge challenge, Authorization authorization) throws AcmeException {
        try {
            KeyPair key = org.shredzone.acme4j.util.KeyPairUtils.createKeyPair(2048);
            X509Certificate cert = challenge.createCertificate(key, authorization.getIdentifier());
            return SslContextBuilder.forServer(key.getPrivate(), cert)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            TlsAlpn01Challenge.ACME_TLS_1_PROTOCOL))
                    .build();
        } catch (SSLException e) {
            throw new AcmeException("cannot build the tls-alpn-01 certificate: " + e.getMessage());
        }
    }

    /** The JDK's trust, or only the configured root for a private ACME server (acme-ca-root). */
    private static SSLContext trust(AcmeConfig config) {
        if (config.caRoot() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(config.caRoot())) {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                roots.setCertificateEntry("root-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("acme-ca-root " + config.caRoot() + ": " + e.getMessage(), e);
        }
    }

    /** Any ACME server by its directory URL, its HTTPS trusted by the given context (null: the JDK's). */
    private static final class Provider extends GenericAcmeProvider {
        private final SSLContext trust;

        Provider(SSLContext trust) {
            this.trust = trust;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public java.net.http.HttpClient.Builder createClientBuilder() {
                    java.net.http.HttpClient.Builder b = super.createClientBuilder();
                    return trust == null ? b : b.sslContext(trust);
                }
            };
        }
    }
}
