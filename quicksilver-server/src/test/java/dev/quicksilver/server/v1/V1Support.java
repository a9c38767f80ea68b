package dev.quicksilver.server.v1;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.SseReader;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Hubs and streams for the 1.0 tests of this package: a hub that trusts the oauth issuer of
 * {@link AccessTokens}, and an SSE reader for any request (GET with any headers, QUERY with a body).
 */
final class V1Support {
    static final String HUB = "/.well-known/mercure";

    private V1Support() {}

    static IssuerSpec issuer() {
        KeySpec key = new KeySpec(AccessTokens.SECRET, "HS256", Dialect.OAUTH, "test");
        return new IssuerSpec(AccessTokens.ISSUER, Dialect.OAUTH, List.of(key), List.of(key), null, null, "test");
    }

    /** A 1.0-only hub: the oauth issuer only, no legacy key, legacy wire features off. */
    static TestHub v1Hub(UnaryOperator<HubConfig.Builder> adjust) {
        return TestHub.start(v1(adjust));
    }

    /** A 1.0-only hub in this topology (see {@link Nodes}). */
    static Nodes v1Nodes(Topology topology, UnaryOperator<HubConfig.Builder> adjust) {
        return Nodes.start(topology, v1(adjust));
    }

    private static UnaryOperator<HubConfig.Builder> v1(UnaryOperator<HubConfig.Builder> adjust) {
        return b -> adjust.apply(b.threads(2)
                .auth(a -> a.publisherKeys(List.of()).subscriberKeys(List.of()).issuers(List.of(issuer())))
                .listen(l -> l.publicUrl(AccessTokens.HUB_URL)).features(f -> f.legacy(false)));
    }

    /** A mixed hub: the oauth issuer plus {@link TestHub}'s legacy key, legacy wire features on. */
    static TestHub mixedHub(UnaryOperator<HubConfig.Builder> adjust) {
        return TestHub.start(mixed(adjust));
    }

    /** A mixed hub in this topology (see {@link Nodes}). */
    static Nodes mixedNodes(Topology topology, UnaryOperator<HubConfig.Builder> adjust) {
        return Nodes.start(topology, mixed(adjust));
    }

    private static UnaryOperator<HubConfig.Builder> mixed(UnaryOperator<HubConfig.Builder> adjust) {
        return b -> adjust.apply(b.threads(2).auth(a -> a.issuers(List.of(issuer())))
                .listen(l -> l.publicUrl(AccessTokens.HUB_URL))
                .features(f -> f.legacy(true)));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, once (a space is %20, % is %25). */
    static String encSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }

    /** POSTs this (already encoded) form to the hub. */
    static HttpResponse<String> post(TestHub hub, String token, String form) {
        return hub.post(HUB, token, form, Map.of());
    }

    /** Publishes with an all-publishing token; fails unless the hub answers 200. Returns the id. */
    static String publish(TestHub hub, String form) {
        HttpResponse<String> r = post(hub, AccessTokens.publisher(), form);
        if (r.statusCode() != 200) {
            throw new AssertionError("publish " + form + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Opens a GET stream on this path and query, with a bearer token (null: none) and headers. */
    static Stream get(TestHub hub, String pathAndQuery, String token, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(hub.uri(pathAndQuery)).GET();
        return Stream.open(r, token, headers);
    }

    static Stream get(TestHub hub, String query, String token) {
        return get(hub, HUB + "?" + query, token, Map.of());
    }

    /** Opens a stream with {@code QUERY}: this body, with this content type (null: none). */
    static Stream query(TestHub hub, String pathAndQuery, String contentType, String body, String token,
            Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(hub.uri(pathAndQuery))
                .method("QUERY", HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return Stream.open(r, token, headers);
    }

    /** An SSE stream as EventSource sees it, or a refusal with its body. */
    static final class Stream implements AutoCloseable {
        private static final SseEvent END = new SseEvent("<end>", null, null, null);
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        private String errorBody;

        private Stream(HttpResponse<InputStream> response) {
            this.response = response;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() == 200 && type.startsWith("text/event-stream")) {
                Thread reader = new Thread(this::read, "v1-sse");
                reader.setDaemon(true);
                reader.start();
            } else {
                try (InputStream in = response.body()) {
                    errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    errorBody = "";
                }
            }
        }

        static Stream open(HttpRequest.Builder request, String token, Map<String, String> headers) {
            request.header("Accept", "text/event-stream");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            try {
                return new Stream(TestHub.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        int status() {
            return response.statusCode();
        }

        HttpHeaders headers() {
            return response.headers();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The body of a refused request. */
        String body() {
            return errorBody;
        }

        /** The next event, or null when none comes within 5 s or the stream ended. */
        SseEvent next() {
            try {
                SseEvent e = events.poll(5, TimeUnit.SECONDS);
                if (e == END) {
                    events.add(END);
                    return null;
                }
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /**
         * The ids of the events received before the one with this id (a sentinel published last);
         * fails when the sentinel does not come.
         */
        List<String> idsBefore(String sentinel) {
            List<String> ids = new ArrayList<>();
            for (SseEvent e = next(); ; e = next()) {
                if (e == null) {
                    throw new AssertionError("the event " + sentinel + " did not arrive; before it: " + ids);
                }
                if (sentinel.equals(e.id())) {
                    return ids;
                }
                ids.add(e.id());
            }
        }

        /** The events received before the one with this id; fails when it does not come. */
        List<SseEvent> eventsBefore(String sentinel) {
            List<SseEvent> all = new ArrayList<>();
            for (SseEvent e = next(); ; e = next()) {
                if (e == null) {
                    throw new AssertionError("the event " + sentinel + " did not arrive; before it: " + all);
                }
                if (sentinel.equals(e.id())) {
                    return all;
                }
                all.add(e);
            }
        }

        private void read() {
            try {
                SseReader.read(response.body(), events::add, comment -> { });
            } finally {
                events.add(END);
            }
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
