package dev.quicksilver.loadtest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.HubServer;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Quicksilver hub in the test's process, on a free loopback port: a legacy (0.x) key,
 * anonymous subscribers, history in memory.
 */
final class RealHub implements AutoCloseable {
    private static final String SECRET = "loadtest-secret-0123456789abcdefghijklmnop";

    private final HubServer server;

    RealHub(UnaryOperator<HubConfig.Builder> adjust) throws InterruptedException {
        KeySpec key = new KeySpec(SECRET, null, Dialect.LEGACY, "test");
        HubConfig.Builder b = HubConfig.builder().listen(l -> l.host("127.0.0.1").port(0))
                .auth(a -> a.publisherKeys(List.of(key)).subscriberKeys(List.of(key)).generatedKey(false))
                .anonymous(true).history(h -> h.store(HistoryStore.MEMORY));
        this.server = HubServer.start(adjust.apply(b).build());
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/.well-known/mercure";
    }

    /** TCP connections the hub accepted so far. */
    long connectionsAccepted() {
        return server.connectionsAccepted();
    }

    /** Subscribers the hub holds now. */
    int subscribers() {
        return server.subscribers();
    }

    /** A token that may publish to every topic. */
    static String publisherToken() {
        try {
            JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256),
                    new Payload("{\"mercure\":{\"publish\":[\"*\"]}}"));
            jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
