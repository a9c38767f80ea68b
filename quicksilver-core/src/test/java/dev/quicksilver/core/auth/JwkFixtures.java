package dev.quicksilver.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Generated JWKs, tokens signed with nimbus's signers, a clock the tests move, and a JWK Set
 * served by the JDK's HTTP server on 127.0.0.1 that counts its requests.
 */
final class JwkFixtures {
    private JwkFixtures() {}

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 512-bit secret, so nimbus's MACSigner signs HS256, HS384 and HS512 with it. */
    static OctetSequenceKey oct(String kid) {
        try {
            return new OctetSequenceKeyGenerator(512).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWK Set document publishing the public halves of the keys. */
    static String jwks(JWK... keys) {
        return new JWKSet(Arrays.asList(keys)).toString(true);
    }

    /** A JWK Set document with the secrets of symmetric keys included (they have no public half). */
    static String jwksWithSecrets(JWK... keys) {
        return new JWKSet(Arrays.asList(keys)).toString(false);
    }

    static String sign(JWK key, JWSAlgorithm alg, String kid, String claimsJson) {
        try {
            JWSSigner signer;
            if (key instanceof RSAKey) {
                signer = new RSASSASigner((RSAKey) key);
            } else if (key instanceof ECKey) {
                signer = new ECDSASigner((ECKey) key);
            } else {
                signer = new MACSigner((OctetSequenceKey) key);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), JWTClaimsSet.parse(claimsJson));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 for RSA, the curve's algorithm for EC, HS256 for a secret; signed with the key's own kid. */
    static String sign(JWK key, String claimsJson) {
        JWSAlgorithm alg = key instanceof RSAKey ? JWSAlgorithm.RS256
                : key instanceof ECKey ? curveAlgorithm(((ECKey) key).getCurve())
                : JWSAlgorithm.HS256;
        return sign(key, alg, key.getKeyID(), claimsJson);
    }

    static JWSAlgorithm curveAlgorithm(Curve curve) {
        return Curve.P_256.equals(curve) ? JWSAlgorithm.ES256
                : Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> kids(List<TokenKey> keys) {
        List<String> kids = new ArrayList<>();
        for (TokenKey k : keys) {
            if (!kids.contains(k.keyId())) {
                kids.add(k.keyId());
            }
        }
        return kids;
    }

    /** A clock that moves only when told to. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advanceSeconds(long seconds) {
            now.updateAndGet(i -> i.plusSeconds(seconds));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Serves one document at /jwks on 127.0.0.1, with settable status and headers; counts requests. */
    static final class JwksServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        final AtomicInteger requests = new AtomicInteger();
        final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
        volatile byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
        volatile int status = 200;
        volatile Map<String, String> headers = Map.of();
        /** When set, fixed-length responses are sent chunked (no Content-Length). */
        volatile boolean chunked;
        /** When set, each request waits for it before answering. */
        volatile CountDownLatch gate;

        JwksServer() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(executor);
            server.createContext("/jwks", exchange -> {
                requests.incrementAndGet();
                acceptHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
                CountDownLatch g = gate;
                if (g != null) {
                    try {
                        g.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] b = body;
                headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(status, chunked ? 0 : b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                } catch (IOException ignored) {
                    // the client gave up (a refused oversized body)
                }
            });
            server.start();
        }

        void serve(String document) {
            body = document.getBytes(StandardCharsets.UTF_8);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
