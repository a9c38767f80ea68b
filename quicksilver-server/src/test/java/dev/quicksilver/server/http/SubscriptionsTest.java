package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import dev.quicksilver.server.support.Topology;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Active subscriptions in the 0.x shape, over real sockets: the JSON-LD events published when a
 * subscriber connects and leaves, who may read them, and the subscriptions API with its
 * authorization, documents, 404 and 304 (Mercure draft-07 "Active Subscriptions", with the fixes of
 * draft-08's listed in docs/protocol-eras.md "Differences from the reference hubs, on purpose").
 * Each test runs on one node and again across two (docs/cluster.md "Tests"): the subscriptions are
 * opened on one node, announced to watchers and listed by the API on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class SubscriptionsTest {
    private static final String BASE = "/.well-known/mercure/subscriptions";
    /** The selector (and grant) that reads every subscription event. */
    private static final String EVENTS = BASE + "/{topic}/{subscriber}";
    /** A grant on the whole API: the collection, a topic's collection and single subscriptions. */
    private static final String API_GRANT = Tokens.mercure(TestHub.SECRET, null,
            "[\"" + BASE + "{/topic}{/subscriber}\"]");
    private static final String UUID_URN = "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    @Parameter
    private Topology topology;
    /**
     * A hub per test: the API's cursor (lastEventID, ETag) is the newest event of the whole hub, and a
     * previous test's disconnections publish events asynchronously.
     */
    private static Nodes nodes;
    /** Where the tests publish, watch subscription events and read the API: node A. */
    private static TestHub hub;
    /** Where the subscriptions being announced and listed are opened: node B, or A itself on one node. */
    private static TestHub subscriberNode;

    @BeforeEach
    void start() {
        nodes = Nodes.start(topology, b -> b.threads(2).features(f -> f.subscriptions(true)));
        hub = nodes.publisher();
        subscriberNode = nodes.subscriber();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, once (a space is %20, % is %25). */
    private static String enc(String s) {
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

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }

    private static SseClient watcher() {
        SseClient w = hub.subscribeWithToken(API_GRANT, EVENTS);
        assertThat(w.status()).isEqualTo(200);
        return w;
    }

    /** The next subscription event matching the predicate (others are skipped); fails when none comes. */
    private static Map<String, Object> awaitEvent(SseClient c, Predicate<Map<String, Object>> wanted) {
        List<String> skipped = new ArrayList<>();
        for (SseEvent e = c.next(); e != null; e = c.next()) {
            assertThat(e.type()).as("draft-07: a 0.x subscription event has no SSE event type").isEqualTo("message");
            Map<String, Object> doc = json(e.data());
            if (wanted.test(doc)) {
                return doc;
            }
            skipped.add(e.data());
        }
        throw new AssertionError("no matching subscription event; skipped: " + skipped);
    }

    private static HttpResponse<String> api(String path, String token, Map<String, String> headers) {
        return api(hub, path, token, headers);
    }

    private static HttpResponse<String> api(TestHub node, String path, String token, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        return node.get(path, all);
    }

    /**
     * A single subscription's resource, asked of the subscriber's own node: the only node that answers
     * it in a cluster (docs/cluster.md "Limits of this version").
     */
    private static HttpResponse<String> single(String path) {
        return api(subscriberNode, path, API_GRANT, Map.of());
    }

    private static HttpResponse<String> api(String path) {
        return api(path, API_GRANT, Map.of());
    }

    /** The subscriber id of the only subscription to this topic, read from the API. */
    @SuppressWarnings("unchecked")
    private static String subscriberOf(String topic) {
        HttpResponse<String> r = api(BASE + "/" + enc(topic));
        assertThat(r.statusCode()).isEqualTo(200);
        List<Object> items = (List<Object>) json(r.body()).get("subscriptions");
        assertThat(items).hasSize(1);
        return (String) ((Map<String, Object>) items.get(0)).get("subscriber");
    }

    /**
     * The API's answer once its lastEventID is this id. On one node at once; in a cluster the node
     * learns of a publish through Redis, a moment after the publisher's answer, and its cursor follows.
     */
    private static HttpResponse<String> awaitCursor(TestHub node, String path, String id) {
        List<HttpResponse<String>> last = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> r = api(node, path, API_GRANT, Map.of());
            last.add(0, r);
            assertThat(json(r.body())).containsEntry("lastEventID", id);
        });
        return last.get(0);
    }

    @Test
    @DisplayName("draft-07 Subscription Events, RFC 6570: connecting publishes active:true at "
            + "…/subscriptions/{enc(topic)}/{enc(subscriber)} as JSON-LD with the token's payload and no SSE event "
            + "type; leaving publishes active:false")
    void connectAndDisconnectEvents() {
        String topic = "https://example.com/a b/100%";
        String token = Tokens.hs256(TestHub.SECRET, "{\"mercure\":{\"subscribe\":[\"" + topic + "\"],"
                + "\"payload\":{\"user\":\"https://example.com/users/dunglas\",\"admin\":true}}}");
        try (SseClient w = watcher()) {
            String subscriber;
            try (SseClient s = subscriberNode.subscribeWithToken(token, topic)) {
                assertThat(s.status()).isEqualTo(200);
                Map<String, Object> on = awaitEvent(w, d -> topic.equals(d.get("topic")));
                assertThat(on).containsEntry("@context", "https://mercure.rocks/")
                        .containsEntry("type", "Subscription").containsEntry("active", true);
                subscriber = (String) on.get("subscriber");
                assertThat(subscriber).matches(UUID_URN);
                assertThat(on.get("id")).isEqualTo(
                        BASE + "/https%3A%2F%2Fexample.com%2Fa%20b%2F100%25/" + enc(subscriber));
                assertThat(on.get("id")).isEqualTo(BASE + "/" + enc(topic) + "/" + enc(subscriber));
                assertThat(on.get("payload")).isEqualTo(
                        Map.of("user", "https://example.com/users/dunglas", "admin", true));
            }
            Map<String, Object> off = awaitEvent(w, d -> subscriber.equals(d.get("subscriber")));
            assertThat(off).containsEntry("active", false).containsEntry("topic", topic)
                    .containsEntry("type", "Subscription")
                    .containsEntry("id", BASE + "/" + enc(topic) + "/" + enc(subscriber));
        }
    }

    @Test
    @DisplayName("one event per selector, and two connections with the same token get different subscriber ids")
    void eventPerSelectorAndDistinctIds() {
        String a = "https://example.com/sel/a";
        String b = "https://example.com/sel/{id}";
        try (SseClient w = watcher();
                SseClient s1 = subscriberNode.subscribeWithToken(TestHub.allAccess(), a, b)) {
            assertThat(s1.status()).isEqualTo(200);
            Map<String, Object> first = awaitEvent(w, d -> a.equals(d.get("topic")) || b.equals(d.get("topic")));
            String otherTopic = a.equals(first.get("topic")) ? b : a;
            Map<String, Object> second = awaitEvent(w, d -> otherTopic.equals(d.get("topic")));
            assertThat(second.get("subscriber")).isEqualTo(first.get("subscriber"));
            try (SseClient s2 = subscriberNode.subscribeWithToken(TestHub.allAccess(), a)) {
                assertThat(s2.status()).isEqualTo(200);
                Map<String, Object> third = awaitEvent(w, d -> a.equals(d.get("topic")));
                assertThat(third.get("subscriber")).isNotEqualTo(first.get("subscriber")).asString().matches(UUID_URN);
            }
        }
    }

    @Test
    @DisplayName("draft-07 Subscription Events (private): a subscriber without a grant on the namespace does not "
            + "receive subscription events")
    void eventsArePrivate() {
        String noGrant = Tokens.mercure(TestHub.SECRET, null, "[\"https://example.com/x\"]");
        try (SseClient outsider = hub.subscribeWithToken(noGrant, "*");
                SseClient insider = hub.subscribeWithToken(API_GRANT, "*")) {
            assertThat(outsider.status()).isEqualTo(200);
            String topic = "https://example.com/r94";
            try (SseClient s = subscriberNode.subscribeWithToken(TestHub.allAccess(), topic)) {
                assertThat(s.status()).isEqualTo(200);
            }
            assertThat(hub.publish("marker-r94", "https://example.com/r94-marker").statusCode()).isEqualTo(200);
            SseEvent first = outsider.next();
            assertThat(first).isNotNull();
            assertThat(first.data()).isEqualTo("marker-r94");
            // The control: a granted subscriber on the same selector saw the announcement first.
            List<String> seen = new ArrayList<>();
            for (SseEvent e = insider.next(); e != null && !e.data().equals("marker-r94"); e = insider.next()) {
                seen.add(e.data());
            }
            assertThat(seen).anyMatch(d -> d.contains("\"topic\":\"" + topic + "\""));
        }
    }

    @Test
    @DisplayName("draft-07 Subscription API, draft-08 Error Responses: the API without a token → 401; with a token "
            + "that does not grant the path → 403")
    void apiAuthorization() {
        HttpResponse<String> none = api(BASE, null, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        String other = Tokens.mercure(TestHub.SECRET, null, "[\"https://example.com/books/{id}\"]");
        HttpResponse<String> denied = api(BASE, other, Map.of());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
        String forged = Tokens.forged("{\"mercure\":{\"subscribe\":[\"*\"]}}");
        assertThat(api(BASE, forged, Map.of()).statusCode()).isEqualTo(401);
        // A grant on the collection only does not open single subscriptions.
        String collectionOnly = Tokens.mercure(TestHub.SECRET, null, "[\"" + BASE + "\"]");
        assertThat(api(BASE, collectionOnly, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api(BASE + "/x/y", collectionOnly, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("draft-07 Subscription API: GET …/subscriptions → 200 application/ld+json with @context, id, type "
            + "Subscriptions, lastEventID and the active subscriptions")
    void collection() {
        String t1 = "https://example.com/coll/1";
        String t2 = "https://example.com/coll/2 two";
        try (SseClient s1 = subscriberNode.subscribeWithToken(TestHub.allAccess(), t1);
                SseClient s2 = subscriberNode.subscribeWithToken(TestHub.allAccess(), t2)) {
            assertThat(List.of(s1, s2)).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            assertThat(hub.post(TestHub.allAccess(), "topic=x&id=coll-last").statusCode()).isEqualTo(200);
            HttpResponse<String> r = awaitCursor(hub, BASE, "coll-last");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/ld+json"));
            Map<String, Object> doc = json(r.body());
            assertThat(doc).containsEntry("@context", "https://mercure.rocks/").containsEntry("id", BASE)
                    .containsEntry("type", "Subscriptions").containsEntry("lastEventID", "coll-last");
            List<Map<String, Object>> items = (List<Map<String, Object>>) (List<?>) doc.get("subscriptions");
            assertThat(items).extracting(m -> m.get("topic")).contains(t1, t2);
            for (Map<String, Object> item : items) {
                assertThat(item).containsEntry("type", "Subscription").containsEntry("active", true);
                assertThat((String) item.get("subscriber")).matches(UUID_URN);
                assertThat(item.get("id")).isEqualTo(BASE + "/" + enc((String) item.get("topic")) + "/"
                        + enc((String) item.get("subscriber")));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("draft-07 Subscription API: GET …/subscriptions/{enc(topic)} lists the subscriptions of that topic "
            + "only")
    void collectionByTopic() {
        String t1 = "https://example.com/bytopic/1";
        String t2 = "https://example.com/bytopic/2";
        try (SseClient s1 = subscriberNode.subscribeWithToken(TestHub.allAccess(), t1);
                SseClient s2 = subscriberNode.subscribeWithToken(TestHub.allAccess(), t2);
                SseClient s3 = subscriberNode.subscribeWithToken(TestHub.allAccess(), t1, t2)) {
            assertThat(List.of(s1, s2, s3)).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            HttpResponse<String> r = api(BASE + "/" + enc(t1));
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> doc = json(r.body());
            assertThat(doc).containsEntry("id", BASE + "/" + enc(t1)).containsEntry("type", "Subscriptions");
            List<Map<String, Object>> items = (List<Map<String, Object>>) (List<?>) doc.get("subscriptions");
            assertThat(items).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("topic", t1));
            assertThat(json(api(BASE + "/" + enc("https://example.com/bytopic/none")).body()).get("subscriptions"))
                    .asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        }
    }

    @Test
    @DisplayName("draft-07 Subscription API: GET …/subscriptions/{enc(topic)}/{enc(subscriber)} → the document with "
            + "lastEventID; an unknown one → 404")
    void single() {
        String topic = "https://example.com/single one";
        String token = Tokens.hs256(TestHub.SECRET, "{\"mercure\":{\"subscribe\":[\"*\"],\"payload\":{\"n\":\"p\"}}}");
        try (SseClient s = subscriberNode.subscribeWithToken(token, topic)) {
            assertThat(s.status()).isEqualTo(200);
            String subscriber = subscriberOf(topic);
            assertThat(hub.post(TestHub.allAccess(), "topic=x&id=single-last").statusCode()).isEqualTo(200);
            String path = BASE + "/" + enc(topic) + "/" + enc(subscriber);
            HttpResponse<String> r = awaitCursor(subscriberNode, path, "single-last");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/ld+json");
            assertThat(json(r.body())).containsEntry("@context", "https://mercure.rocks/").containsEntry("id", path)
                    .containsEntry("type", "Subscription").containsEntry("topic", topic)
                    .containsEntry("subscriber", subscriber).containsEntry("active", true)
                    .containsEntry("payload", Map.of("n", "p")).containsEntry("lastEventID", "single-last");
            assertThat(single(BASE + "/" + enc(topic) + "/" + enc("urn:uuid:00000000-0000-4000-8000-000000000000"))
                    .statusCode()).isEqualTo(404);
            assertThat(single(BASE + "/" + enc("https://example.com/other") + "/" + enc(subscriber)).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription API: a subscription is gone from the API once its subscriber has left")
    void goneAfterDisconnect() {
        String topic = "https://example.com/gone";
        String path;
        try (SseClient w = watcher()) {
            try (SseClient s = subscriberNode.subscribeWithToken(TestHub.allAccess(), topic)) {
                assertThat(s.status()).isEqualTo(200);
                path = BASE + "/" + enc(topic) + "/" + enc(subscriberOf(topic));
                assertThat(single(path).statusCode()).isEqualTo(200);
            }
            // Wait for the hub to see the disconnection (its active:false event), then ask again.
            awaitEvent(w, d -> topic.equals(d.get("topic")) && Boolean.FALSE.equals(d.get("active")));
        }
        assertThat(single(path).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("RFC 9110 conditional requests: If-None-Match equal to the ETag → 304; once an update changes the "
            + "cursor → 200 again")
    void notModified() {
        HttpResponse<String> first = api(BASE);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = api(BASE, API_GRANT, Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api(BASE, API_GRANT, Map.of("If-None-Match", "\"something-else\"")).statusCode()).isEqualTo(200);
        assertThat(hub.post(TestHub.allAccess(), "topic=x").statusCode()).isEqualTo(200);
        // In a cluster the node learns of the publish through Redis, a moment after its answer.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(api(BASE, API_GRANT, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(200));
    }

    @Test
    @DisplayName("protocol-eras.md subscriptions API authorization: a query string does not change the API's "
            + "authorization")
    void queryStringIgnored() {
        String exact = Tokens.mercure(TestHub.SECRET, null, "[\"" + BASE + "\"]");
        assertThat(api(BASE + "?x=1", exact, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api(BASE + "?topic=" + TestHub.encode("*"), exact, Map.of()).statusCode()).isEqualTo(200);
        String other = Tokens.mercure(TestHub.SECRET, null, "[\"https://example.com/x\"]");
        assertThat(api(BASE + "?x=1", other, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("with subscriptions off: the API → 404 and connecting publishes no event")
    void disabled() {
        try (Nodes off = Nodes.start(topology, b -> b.threads(1))) {
            HttpResponse<String> r = off.publisher().get(BASE, Map.of("Authorization", "Bearer " + TestHub.allAccess()));
            assertThat(r.statusCode()).isEqualTo(404);
            try (SseClient all = off.publisher().subscribeWithToken(TestHub.allAccess(), "*");
                    SseClient other = off.subscriber().subscribeWithToken(TestHub.allAccess(), "https://example.com/off")) {
                assertThat(other.status()).isEqualTo(200);
                assertThat(off.publisher().publish("marker-off", "https://example.com/m").statusCode()).isEqualTo(200);
                assertThat(all.next().data()).isEqualTo("marker-off");
            }
        }
    }
}
