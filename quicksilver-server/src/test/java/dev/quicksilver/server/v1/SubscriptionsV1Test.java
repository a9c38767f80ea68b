package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.AccessTokens.detail;
import static dev.quicksilver.server.v1.AccessTokens.exact;
import static dev.quicksilver.server.v1.AccessTokens.token;
import static dev.quicksilver.server.v1.AccessTokens.urlpattern;
import static dev.quicksilver.server.v1.V1Support.enc;
import static dev.quicksilver.server.v1.V1Support.encSegment;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Active subscriptions in the 1.0 shape over real sockets (Mercure draft-08 "Subscription Events" and
 * "Subscription API"; docs/protocol-eras.md for the two shapes on one hub): the events published when a
 * subscriber connects and leaves, their topic, body and encoding, who receives them, and the
 * subscriptions API; plus the 0.x shape on a mixed hub. Each test runs on one node and again across
 * two (docs/cluster.md "Tests"): subscriptions opened on one node, watched and listed on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class SubscriptionsV1Test {
    private static final String BASE = "/.well-known/mercure/subscriptions";
    private static final String UUID_V4_URN =
            "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
    /** Subscribing to the whole namespace: the collection and everything under it. */
    private static final String NAMESPACE_GRANT = detail("subscribe", urlpattern(BASE + "{/*}?"));
    private static final String WATCH = "match_urlpattern=" + enc(BASE + "/*");

    @Parameter
    private Topology topology;
    /** A hub per test: the API's cursor is the newest event of the whole hub. */
    private Nodes nodes;
    /** Where the tests publish, watch subscription events and read the collections: node A. */
    private TestHub hub;
    /** Where the subscriptions are opened: node B, or A itself on one node. */
    private TestHub streams;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private void v1() {
        started(V1Support.v1Nodes(topology, b -> b.features(f -> f.subscriptions(true))));
    }

    private void mixed() {
        started(V1Support.mixedNodes(topology, b -> b.features(f -> f.subscriptions(true))));
    }

    private void started(Nodes started) {
        nodes = started;
        hub = started.publisher();
        streams = started.subscriber();
    }

    private static String admin() {
        return token("admin", NAMESPACE_GRANT);
    }

    private Stream watcher() {
        Stream w = V1Support.get(hub, WATCH, admin());
        assertThat(w.status()).isEqualTo(200);
        return w;
    }

    private Stream subscribe(String query, String token) {
        Stream s = V1Support.get(streams, query, token);
        assertThat(s.status()).as(query).isEqualTo(200);
        return s;
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + text, e);
        }
    }

    /** A received subscription event: its SSE fields and its parsed body. */
    private record Announcement(SseEvent event, Map<String, Object> body) {}

    /** The next event whose body matches; others are skipped. Fails when none comes. */
    private static Announcement await(Stream w, Predicate<Map<String, Object>> wanted) {
        List<String> skipped = new ArrayList<>();
        for (SseEvent e = w.next(); e != null; e = w.next()) {
            Map<String, Object> body = json(e.data());
            if (wanted.test(body)) {
                return new Announcement(e, body);
            }
            skipped.add(e.data());
        }
        throw new AssertionError("no matching subscription event; skipped: " + skipped);
    }

    private static Predicate<Map<String, Object>> about(String match, boolean active) {
        return b -> match.equals(b.get("match")) && Boolean.valueOf(active).equals(b.get("active"));
    }

    private HttpResponse<String> api(String path, String token, Map<String, String> headers) {
        return api(hub, path, token, headers);
    }

    private static HttpResponse<String> api(TestHub node, String path, String token, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        return node.get(path, all);
    }

    private HttpResponse<String> api(String path) {
        return api(path, admin(), Map.of());
    }

    /**
     * A single subscription's resource, asked of the subscriber's own node: the only node that answers
     * it in a cluster (docs/cluster.md "Limits of this version").
     */
    private HttpResponse<String> single(String path, String token) {
        return api(streams, path, token, Map.of());
    }

    private HttpResponse<String> single(String path) {
        return single(path, admin());
    }

    private static String expectedId(String type, String match, String subscriber) {
        return BASE + "/" + type + "/" + encSegment(match) + "/" + encSegment(subscriber);
    }

    // ------------------------------------------------------------------ events

    @Test
    @DisplayName("draft-08 Subscription Events: connecting publishes event: mercure with active:true at "
            + "…/{match_type}/{enc(match)}/{enc(subscriber)} (pretty JSON over several data: lines, with the payload); "
            + "leaving publishes active:false")
    void connectAndDisconnect() {
        v1();
        String match = "https://example.com/books/1";
        String alice = token("alice", AccessTokens.detailWithPayload("subscribe",
                "{\"name\":\"Alice\",\"roles\":[\"reader\"]}", exact(match)));
        try (Stream w = watcher()) {
            String subscriber;
            try (Stream s = subscribe("match=" + enc(match), alice)) {
                Announcement on = await(w, about(match, true));
                assertThat(on.event().type()).isEqualTo("mercure");
                assertThat(on.event().data()).as("pretty-printed over several data: lines").contains("\n");
                assertThat(on.event().id()).isNotBlank();
                subscriber = (String) on.body().get("subscriber");
                assertThat(subscriber).matches(UUID_V4_URN);
                assertThat(on.body()).containsOnlyKeys("id", "type", "match_type", "match", "subscriber", "active", "payload")
                        .containsEntry("id", expectedId("exact", match, subscriber))
                        .containsEntry("type", "subscription")
                        .containsEntry("match_type", "exact")
                        .containsEntry("match", match)
                        .containsEntry("active", true)
                        .containsEntry("payload", Map.of("name", "Alice", "roles", List.of("reader")));
                assertThat(on.body().get("id")).isEqualTo(
                        BASE + "/exact/https%3A%2F%2Fexample.com%2Fbooks%2F1/" + subscriber.replace(":", "%3A"));
            }
            Announcement off = await(w, about(match, false));
            assertThat(off.event().type()).isEqualTo("mercure");
            assertThat(off.event().id()).isNotBlank();
            assertThat(off.body()).containsEntry("id", expectedId("exact", match, subscriber))
                    .containsEntry("subscriber", subscriber).containsEntry("type", "subscription")
                    .containsEntry("match_type", "exact").containsEntry("active", false)
                    .containsEntry("payload", Map.of("name", "Alice", "roles", List.of("reader")));
        }
    }

    @Test
    @DisplayName("draft-08 Subscription Events: the event's topic is exactly the id: a subscriber to that exact topic, "
            + "or to the pattern …/exact/:match/:subscriber (a relative URL pattern), receives it; one event per "
            + "matcher, typed by matcher")
    void eventTopic() {
        v1();
        String match = "https://example.com/topic-" + UUID.randomUUID();
        String pattern = "https://example.com/books/:id";
        try (Stream w = watcher();
                Stream byPattern = subscribe("match_urlpattern=" + enc(BASE + "/exact/:match/:subscriber"), admin())) {
            String subscriber;
            String id;
            try (Stream s = subscribe("match=" + enc(match) + "&match_urlpattern=" + enc(pattern), token("bob"))) {
                Map<String, Object> exactOn = await(w, about(match, true)).body();
                Map<String, Object> patternOn = await(w, about(pattern, true)).body();
                subscriber = (String) exactOn.get("subscriber");
                assertThat(patternOn).containsEntry("subscriber", subscriber).containsEntry("match_type", "urlpattern")
                        .containsEntry("id", expectedId("urlpattern", pattern, subscriber))
                        .doesNotContainKey("payload");
                id = (String) exactOn.get("id");
                assertThat(await(byPattern, about(match, true)).body()).containsEntry("id", id);
                try (Stream exactTopic = subscribe("match=" + enc(id), admin())) {
                    s.close();
                    assertThat(await(exactTopic, about(match, false)).body()).containsEntry("id", id);
                }
            }
            assertThat(await(byPattern, about(match, false)).body()).containsEntry("id", id);
        }
    }

    @Test
    @DisplayName("draft-08 Subscription Events: {match} and {subscriber} are percent-encoded once: a space is %20 (not "
            + "+), % is %25")
    void encodedOnce() {
        v1();
        String match = "https://example.com/a b/100%/caf\u00e9?x=1&y=+";
        try (Stream w = watcher(); Stream s = subscribe("match=" + enc(match), token("carol"))) {
            Map<String, Object> on = await(w, about(match, true)).body();
            String subscriber = (String) on.get("subscriber");
            assertThat(on.get("id")).isEqualTo(BASE + "/exact/https%3A%2F%2Fexample.com%2Fa%20b%2F100%25%2Fcaf%C3%A9"
                    + "%3Fx%3D1%26y%3D%2B/" + subscriber.replace(":", "%3A"));
            assertThat((String) on.get("id")).doesNotContain("+").doesNotContain("%2520").doesNotContain("%253A");
        }
    }

    @Test
    @DisplayName("draft-08 Subscription Events: subscriber ids are hub-generated urn:uuid (v4) and differ between two "
            + "connections with the same token")
    void distinctSubscriberIds() {
        v1();
        String match = "https://example.com/same";
        String dave = token("dave");
        try (Stream w = watcher(); Stream one = subscribe("match=" + enc(match), dave)) {
            String first = (String) await(w, about(match, true)).body().get("subscriber");
            try (Stream two = subscribe("match=" + enc(match), dave)) {
                String second = (String) await(w, about(match, true)).body().get("subscriber");
                assertThat(first).matches(UUID_V4_URN);
                assertThat(second).matches(UUID_V4_URN).isNotEqualTo(first);
                // A subscriber cannot pick its id.
                assertThat(first).doesNotContain("dave");
            }
        }
    }

    @Test
    @DisplayName("draft-08 Subscription Events: a subscriber without a grant on the namespace does not receive "
            + "subscription events")
    void eventsArePrivate() {
        v1();
        String marker = "https://example.com/marker-" + UUID.randomUUID();
        String sub = "https://example.com/r94";
        String noNamespace = token("eve", detail("subscribe", urlpattern("https://example.com/*")));
        try (Stream outsider = subscribe(WATCH + "&match=" + enc(marker), noNamespace);
                Stream anyTopic = subscribe("match=*", token("frank"));
                Stream insider = subscribe(WATCH + "&match=" + enc(marker), admin())) {
            try (Stream s = subscribe("match=" + enc(sub), token("gina"))) {
                assertThat(await(insider, about(sub, true)).body()).containsEntry("active", true);
            }
            assertThat(await(insider, about(sub, false)).body()).containsEntry("active", false);
            String sentinel = V1Support.publish(hub, "topic=" + enc(marker) + "&data=m");
            assertThat(outsider.idsBefore(sentinel)).isEmpty();
            assertThat(anyTopic.idsBefore(sentinel)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ API

    @Test
    @DisplayName("draft-08 Subscription API: the API without a token → 401 with a Bearer challenge; with a token "
            + "without the grant → 403")
    void apiAuthorization() {
        v1();
        for (String path : List.of(BASE, BASE + "/exact/a", BASE + "/exact/a/b")) {
            HttpResponse<String> none = api(path, null, Map.of());
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer").doesNotContain("error="));
            HttpResponse<String> denied = api(path, token("hank", detail("subscribe", exact("https://example.com/x"))),
                    Map.of());
            assertThat(denied.statusCode()).as(path).isEqualTo(403);
            assertThat(denied.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
            HttpResponse<String> publishOnly = api(path, token("ivan", detail("publish", exact("*"))), Map.of());
            assertThat(publishOnly.statusCode()).as(path).isEqualTo(403);
        }
        // A grant on the collection only does not open the subscriptions under it.
        String collectionOnly = token("jane", detail("subscribe", exact(BASE)));
        assertThat(api(BASE, collectionOnly, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api(BASE + "/exact/a", collectionOnly, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("draft-08 Subscription API: the collection: application/json, type subscriptions, id = the path, "
            + "every subscription (two for match=a&match=b), Link rel=mercure with last-event-id, and an ETag")
    @SuppressWarnings("unchecked")
    void collection() {
        v1();
        String a = "https://example.com/col/a";
        String b = "https://example.com/col/b";
        try (Stream w = watcher(); Stream s = subscribe("match=" + enc(a) + "&match=" + enc(b), token("kim"))) {
            await(w, about(a, true));
            Announcement last = await(w, about(b, true));
            String subscriber = (String) last.body().get("subscriber");
            HttpResponse<String> r = api(BASE);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            Map<String, Object> doc = json(r.body());
            assertThat(doc).containsEntry("type", "subscriptions").containsEntry("id", BASE)
                    .doesNotContainKeys("@context", "lastEventID");
            List<Map<String, Object>> items = (List<Map<String, Object>>) doc.get("subscriptions");
            assertThat(items).as(r.body()).filteredOn(i -> subscriber.equals(i.get("subscriber"))).hasSize(2)
                    .extracting(i -> i.get("match")).containsExactlyInAnyOrder(a, b);
            assertThat(items).filteredOn(i -> a.equals(i.get("match"))).singleElement().isEqualTo(Map.of(
                    "id", expectedId("exact", a, subscriber), "type", "subscription", "match_type", "exact",
                    "match", a, "subscriber", subscriber, "active", true));
            // The cursor: the newest event of the hub (the last announcement), to subscribe from.
            String lastId = last.event().id();
            String link = r.headers().firstValue("Link").orElseThrow();
            assertThat(link).startsWith("</.well-known/mercure>").contains("rel=\"mercure\"")
                    .contains("last-event-id=\"" + lastId + "\"");
            assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(
                    e -> assertThat(e).startsWith("\"").endsWith("\"").contains(encSegment(lastId)));
        }
    }

    @Test
    @DisplayName("draft-08 Subscription API: …/subscriptions/exact/{enc(match)} lists that match's subscriptions only; "
            + "id = the request path")
    @SuppressWarnings("unchecked")
    void collectionPerMatch() {
        v1();
        String a = "https://example.com/per match/a";
        String other = "https://example.com/per match/other";
        String pattern = "https://example.com/per match/:x";
        try (Stream w = watcher();
                Stream s1 = subscribe("match=" + enc(a) + "&match_urlpattern=" + enc(pattern), token("lee"));
                Stream s2 = subscribe("match=" + enc(a), token("max"));
                Stream s3 = subscribe("match=" + enc(other), token("ned"))) {
            await(w, about(other, true));
            String path = BASE + "/exact/" + encSegment(a);
            HttpResponse<String> r = api(path);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> doc = json(r.body());
            assertThat(doc).containsEntry("id", path).containsEntry("type", "subscriptions");
            List<Map<String, Object>> items = (List<Map<String, Object>>) doc.get("subscriptions");
            assertThat(items).hasSize(2).allSatisfy(i -> assertThat(i).containsEntry("match", a)
                    .containsEntry("match_type", "exact"));
            assertThat(r.headers().firstValue("Link")).isPresent();
            HttpResponse<String> byPattern = api(BASE + "/urlpattern/" + encSegment(pattern));
            assertThat(byPattern.statusCode()).isEqualTo(200);
            assertThat((List<Object>) json(byPattern.body()).get("subscriptions")).hasSize(1);
            // A match type and a match nobody uses: an empty collection.
            HttpResponse<String> none = api(BASE + "/urlpattern/" + encSegment(a));
            assertThat(none.statusCode()).isEqualTo(200);
            assertThat((List<Object>) json(none.body()).get("subscriptions")).isEmpty();
        }
    }

    @Test
    @DisplayName("draft-08 Subscription API: a single subscription is the event's document; an unknown one → 404, and "
            + "so is one that ended")
    void single() {
        v1();
        String match = "https://example.com/single";
        String oscar = token("oscar", AccessTokens.detailWithPayload("subscribe", "{\"n\":1}", exact(match)));
        try (Stream w = watcher()) {
            String path;
            try (Stream s = subscribe("match=" + enc(match), oscar)) {
                Map<String, Object> on = await(w, about(match, true)).body();
                String subscriber = (String) on.get("subscriber");
                path = expectedId("exact", match, subscriber);
                HttpResponse<String> r = single(path);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/json"));
                assertThat(json(r.body())).isEqualTo(on);
                assertThat(r.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"mercure\""));
                assertThat(r.headers().firstValue("ETag")).isPresent();

                assertThat(single(expectedId("exact", match, "urn:uuid:" + UUID.randomUUID())).statusCode())
                        .isEqualTo(404);
                assertThat(single(expectedId("exact", match + "/x", subscriber)).statusCode()).isEqualTo(404);
                assertThat(single(expectedId("urlpattern", match, subscriber)).statusCode()).isEqualTo(404);
            }
            // The hub forgets the subscription before it announces its end.
            await(w, about(match, false));
            assertThat(single(path).statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("RFC 9110 conditional requests: If-None-Match equal to the ETag → 304 with no body; another value → "
            + "200")
    void notModified() {
        v1();
        try (Stream w = watcher(); Stream s = subscribe("match=etag", token("pat"))) {
            await(w, about("etag", true));
            HttpResponse<String> first = api(BASE);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = api(BASE, admin(), Map.of("If-None-Match", etag));
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(api(BASE, admin(), Map.of("If-None-Match", "\"other\"")).statusCode()).isEqualTo(200);
            // A new event changes the ETag.
            try (Stream s2 = subscribe("match=etag2", token("quinn"))) {
                await(w, about("etag2", true));
                HttpResponse<String> changed = api(BASE, admin(), Map.of("If-None-Match", etag));
                assertThat(changed.statusCode()).isEqualTo(200);
                assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
            }
        }
    }

    @Test
    @DisplayName("draft-08 Subscription API: authorization uses the path only: ?x=1 neither breaks an exact grant nor "
            + "widens one")
    void queryIgnoredForAuthorization() {
        v1();
        String exactCollection = token("rob", detail("subscribe", exact(BASE)));
        assertThat(api(BASE, exactCollection, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api(BASE + "?x=1", exactCollection, Map.of()).statusCode()).isEqualTo(200);
        assertThat(api(BASE + "?match=*", exactCollection, Map.of()).statusCode()).isEqualTo(200);
        String withQuery = token("sam", detail("subscribe", exact(BASE + "?x=1")));
        assertThat(api(BASE, withQuery, Map.of()).statusCode()).isEqualTo(403);
        assertThat(api(BASE + "?x=1", withQuery, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("draft-08 Matcher Types: an unknown {match_type} segment → 400 (regex, EXACT, topic)")
    void unknownMatchType() {
        v1();
        for (String path : List.of(BASE + "/regex/a", BASE + "/regex/a/b", BASE + "/EXACT/a/b", BASE + "/topic/a/b",
                BASE + "/match_exact/a")) {
            assertThat(api(path).statusCode()).as(path).isEqualTo(400);
        }
    }

    // ------------------------------------------------------------------ 0.x shape

    @Test
    @DisplayName("protocol-eras.md: on a 1.0-only hub the 0.x shape …/subscriptions/{enc(topic)}[/{enc(subscriber)}] "
            + "is not served (400 or 404)")
    void legacyShapeOff() {
        v1();
        String topic = "https://example.com/books/1";
        try (Stream w = watcher(); Stream s = subscribe("match=" + enc(topic), token("tom"))) {
            String subscriber = (String) await(w, about(topic, true)).body().get("subscriber");
            HttpResponse<String> two = single(BASE + "/" + encSegment(topic) + "/" + encSegment(subscriber));
            assertThat(two.statusCode()).isIn(400, 404);
            HttpResponse<String> one = api(BASE + "/" + encSegment(topic));
            assertThat(one.statusCode()).isIn(400, 404);
            assertThat(one.body()).doesNotContain("@context");
        }
    }

    @Test
    @DisplayName("protocol-eras.md, draft-07 Subscription Events: on a mixed hub a topic= subscription's events keep "
            + "the 0.x shape (no SSE type, JSON-LD, 2 segments) and …/{enc(topic)}/{enc(subscriber)} serves the 0.x "
            + "document; match= ones use 1.0's")
    void mixedHub() {
        mixed();
        String topic = "https://example.com/books/{id}";
        String match = "https://example.com/books/1";
        try (Stream w = watcher();
                Stream legacy = subscribe("topic=" + enc(topic), TestHub.allAccess());
                Stream modern = subscribe("match=" + enc(match), token("uma"))) {
            Announcement old = await(w, b -> topic.equals(b.get("topic")) && Boolean.TRUE.equals(b.get("active")));
            assertThat(old.event().type()).as("no SSE event type: 0.x onmessage listeners see it").isEqualTo("message");
            String legacyId = (String) old.body().get("subscriber");
            assertThat(old.body()).containsEntry("@context", "https://mercure.rocks/")
                    .containsEntry("type", "Subscription").containsEntry("topic", topic)
                    .containsEntry("id", BASE + "/" + encSegment(topic) + "/" + encSegment(legacyId))
                    .doesNotContainKeys("match", "match_type");
            Announcement now = await(w, about(match, true));
            assertThat(now.event().type()).isEqualTo("mercure");
            assertThat(now.body()).containsEntry("type", "subscription").containsEntry("match_type", "exact")
                    .doesNotContainKeys("@context", "topic");

            // The 0.x single resource, with a 0.x token.
            HttpResponse<String> doc = single(BASE + "/" + encSegment(topic) + "/" + encSegment(legacyId),
                    TestHub.allAccess());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/ld+json"));
            assertThat(json(doc.body())).containsEntry("@context", "https://mercure.rocks/")
                    .containsEntry("type", "Subscription").containsEntry("topic", topic)
                    .containsEntry("subscriber", legacyId).containsEntry("active", true)
                    .containsKey("lastEventID");
            // The 0.x collection of a topic, and the 1.0 single resource next to it.
            HttpResponse<String> perTopic = api(BASE + "/" + encSegment(topic), TestHub.allAccess(), Map.of());
            assertThat(perTopic.statusCode()).isEqualTo(200);
            assertThat(json(perTopic.body())).containsEntry("type", "Subscriptions").containsKey("lastEventID");
            String modernId = (String) now.body().get("subscriber");
            HttpResponse<String> single = single(expectedId("exact", match, modernId));
            assertThat(single.statusCode()).isEqualTo(200);
            assertThat(json(single.body())).isEqualTo(now.body());
            // A 1.0 client reading the 0.x route: its subscription does not exist there.
            assertThat(single(BASE + "/" + encSegment(match) + "/" + encSegment(modernId), TestHub.allAccess())
                    .statusCode()).isEqualTo(404);
        }
    }
}
