package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.V1Support.HUB;
import static dev.quicksilver.server.v1.V1Support.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publishing on a 1.0-only hub over real sockets (Mercure draft-08 "Publication"; docs/protocol-eras.md
 * for {@code target}): the success answer, every field rule, the reserved namespace, the limits, and
 * fields the hub must ignore. Each refusal is also checked not to have been dispatched: a subscriber to
 * every topic sees nothing before the sentinel published after it. Each test runs on one node and
 * again across two (docs/cluster.md "Tests"): published on one node, that subscriber on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class PublishV1Test {
    private static final int MAX_BODY = 64 * 1024;

    /** This run's topology; {@link #start} gets it too, and starts its nodes. */
    @Parameter
    private Topology topology;
    private static Nodes nodes;
    /** Where the tests publish: node A. */
    private static TestHub hub;
    /** Where the tests subscribe: node B, or A itself on one node. */
    private static TestHub streams;
    /** A subscriber to every topic, with a grant on every topic: sees whatever is dispatched. */
    private static Stream everything;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        nodes = V1Support.v1Nodes(where, b -> b.limits(l -> l.maxBodySize(MAX_BODY)));
        hub = nodes.publisher();
        streams = nodes.subscriber();
        everything = V1Support.get(streams, "match=*", AccessTokens.all("watcher"));
        assertThat(everything.status()).isEqualTo(200);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        everything.close();
        nodes.close();
    }

    private static HttpResponse<String> post(String form) {
        return V1Support.post(hub, AccessTokens.publisher(), form);
    }

    private static HttpResponse<String> postBytes(byte[] form) {
        return TestHub.send(HttpRequest.newBuilder(hub.uri(HUB))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + AccessTokens.publisher())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build());
    }

    /** Asserts that nothing was dispatched since the last check, with a sentinel. */
    private static void assertNothingDispatched() {
        String sentinel = "sentinel-" + UUID.randomUUID();
        V1Support.publish(hub, "topic=" + enc(sentinel) + "&id=" + enc(sentinel));
        assertThat(everything.idsBefore(sentinel)).isEmpty();
    }

    private static void assertRefused(String form, int status) {
        HttpResponse<String> r = post(form);
        assertThat(r.statusCode()).as(form).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).isNotBlank();
    }

    @Test
    @DisplayName("draft-08 Publication: 200 with Content-Type text/plain; charset=utf-8, and the body is the event id "
            + "(given or generated)")
    void success() {
        HttpResponse<String> given = post("topic=" + enc("https://example.com/books/1") + "&id=" + enc("urn:x:given-1")
                + "&data=hi");
        assertThat(given.statusCode()).isEqualTo(200);
        assertThat(given.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(given.body()).isEqualTo("urn:x:given-1");
        SseEvent e = everything.next();
        assertThat(e.id()).isEqualTo("urn:x:given-1");
        assertThat(e.data()).isEqualTo("hi");

        HttpResponse<String> generated = post("topic=" + enc("https://example.com/books/1") + "&data=ho");
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(generated.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(generated.body()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(everything.next().id()).isEqualTo(generated.body());
    }

    @ParameterizedTest(name = "draft-08 Publication: id={0} → 400")
    @ValueSource(strings = {"#42", "#", "earliest"})
    void reservedIds(String id) {
        assertRefused("topic=a&data=x&id=" + enc(id), 400);
        assertNothingDispatched();
    }

    @Test
    @DisplayName("draft-08 Publication: ids close to the reserved ones are fine (a#42, Earliest, earliest2)")
    void nearReservedIds() {
        for (String id : List.of("a#42", "Earliest", "earliest2", " earliest")) {
            HttpResponse<String> r = post("topic=a&data=x&id=" + enc(id + UUID.randomUUID()));
            assertThat(r.statusCode()).as(id).isEqualTo(200);
            assertThat(everything.next().id()).isEqualTo(r.body());
        }
    }

    @ParameterizedTest(name = "draft-08 Publication: an id, type or topic containing {0} → 400, never dispatched")
    @ValueSource(strings = {"%0D", "%0A", "%0D%0A", "%00", "%01", "%1F", "%7F", "%C2%80", "%C2%85", "%C2%9F",
        "%E2%80%8E", "%E2%80%8B", "%E2%80%AE", "%EF%BB%BF", "%C2%AD", "%F3%A0%80%81"})
    void controlAndFormatCharacters(String encoded) {
        assertRefused("topic=a&data=x&id=x" + encoded + "y", 400);
        assertRefused("topic=a&data=x&type=x" + encoded + "y", 400);
        assertRefused("topic=a" + encoded + "b&data=x", 400);
        assertRefused("topic=ok&topic=" + enc("https://example.com/") + encoded + "&data=x", 400);
        assertNothingDispatched();
    }

    @Test
    @DisplayName("draft-08 Server-Sent Events Field Injection: a CR/LF in id or type cannot add SSE fields (it is "
            + "refused; data with newlines is split)")
    void noInjection() {
        assertRefused("topic=a&id=" + enc("x\ndata: forged") + "&data=x", 400);
        assertRefused("topic=a&type=" + enc("x\r\nid: forged") + "&data=x", 400);
        assertNothingDispatched();
        HttpResponse<String> ok = post("topic=a&id=multi-" + UUID.randomUUID() + "&data=" + enc("a\r\nid: forged\rb"));
        assertThat(ok.statusCode()).isEqualTo(200);
        SseEvent e = everything.next();
        assertThat(e.id()).isEqualTo(ok.body());
        assertThat(e.data()).isEqualTo("a\nid: forged\nb");
    }

    @Test
    @DisplayName("draft-08 Publication: type=mercure → 400 (reserved for the hub's own events); Mercure and mercure2 "
            + "are fine")
    void reservedType() {
        assertRefused("topic=a&data=x&type=mercure", 400);
        assertNothingDispatched();
        for (String type : List.of("Mercure", "mercure2", "message")) {
            HttpResponse<String> r = post("topic=a&data=x&type=" + type);
            assertThat(r.statusCode()).as(type).isEqualTo(200);
            assertThat(everything.next().type()).isEqualTo(type);
        }
    }

    @Test
    @DisplayName("draft-08 Publication: topic=* → 400, also as an alternate topic; *x and x* are fine")
    void wildcardTopic() {
        assertRefused("topic=*&data=x", 400);
        assertRefused("topic=a&topic=*&data=x", 400);
        assertNothingDispatched();
        assertThat(post("topic=*x&data=x").statusCode()).isEqualTo(200);
        assertThat(post("topic=x*&data=x").statusCode()).isEqualTo(200);
        everything.next();
        everything.next();
    }

    @ParameterizedTest(name = "draft-08 Publication: the reserved topic \"{0}\" → 400, also as an alternate")
    @ValueSource(strings = {"https://example.com/.well-known/mercure", "http://other.example/.well-known/mercure/x",
        "/.well-known/mercure/subscriptions/foo", "mercure/subscriptions/foo",
        "https://example.com/.well-known/%6Dercure/subscriptions/x", "/.well-known/me%72cure/x",
        "https://example.com\\.well-known\\mercure\\subscriptions\\x", "",
        "/.well-known/mercure/subscriptions/exact/foo/urn%3Auuid%3A1", "/.well-known/mercure",
        "/.well-known/mercure/", "https://hub.example.com/.well-known/mercure/subscriptions",
        "/a/../.well-known/mercure/x", "/.well-known/%2e/mercure/x", "HTTPS://EXAMPLE.COM/.well-known/mercure/x"})
    void reservedNamespace(String topic) {
        assertRefused("topic=" + enc(topic) + "&data=x", 400);
        assertRefused("topic=ok&topic=" + enc(topic) + "&data=x", 400);
        assertNothingDispatched();
    }

    @ParameterizedTest(name = "draft-08 Publication: the topic \"{0}\", outside the reserved namespace → 200")
    @ValueSource(strings = {"https://example.com/.well-known/mercureXXX", "https://example.com/.well-known/mercure-dashboard",
        "https://example.com/foo/.well-known/mercure/bar", "subscriptions/foo", "../mercure/x", "urn:example:mercure",
        "a topic with spaces", "/.well-known/Mercure/x"})
    void allowedTopics(String topic) {
        HttpResponse<String> r = post("topic=" + enc(topic) + "&data=x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(everything.next().id()).isEqualTo(r.body());
    }

    @Test
    @DisplayName("draft-08 Publication: data with invalid UTF-8 → 400 (percent-encoded or raw bytes); valid multi-byte "
            + "data → 200")
    void invalidUtf8Data() {
        assertRefused("topic=a&data=%FF", 400);
        assertRefused("topic=a&data=caf%C3", 400);
        assertRefused("topic=a&data=%ED%A0%80", 400);
        byte[] prefix = "topic=a&data=x".getBytes(StandardCharsets.US_ASCII);
        byte[] raw = java.util.Arrays.copyOf(prefix, prefix.length + 2);
        raw[prefix.length] = (byte) 0xC3;
        raw[prefix.length + 1] = (byte) 0x28;
        HttpResponse<String> r = postBytes(raw);
        assertThat(r.statusCode()).isEqualTo(400);
        assertNothingDispatched();
        HttpResponse<String> ok = post("topic=a&data=" + enc("café 日本 😀"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(everything.next().data()).isEqualTo("café 日本 😀");
    }

    @Test
    @DisplayName("draft-08 Publication: a body over the size limit → 413 (the client reads it, even for a large body); "
            + "at the limit → 200")
    void bodyTooLarge() {
        String head = "topic=a&data=";
        HttpResponse<String> r = post(head + "x".repeat(MAX_BODY));
        assertThat(r.statusCode()).isEqualTo(413);
        // A body far over the limit: the hub must not close while the client is still sending,
        // or the client may get a connection reset instead of the 413 (repeated: it is a race).
        for (int i = 0; i < 10; i++) {
            assertThat(post(head + "x".repeat(MAX_BODY * 8 + i * 7919)).statusCode()).isEqualTo(413);
        }
        assertNothingDispatched();
        HttpResponse<String> ok = post(head + "x".repeat(MAX_BODY - head.length()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(everything.next().id()).isEqualTo(ok.body());
    }

    @Test
    @DisplayName("draft-08 Publication: more topics than the limit (default 1000) → 413; exactly 1000 → 200")
    void tooManyTopics() {
        StringBuilder form = new StringBuilder("data=x");
        for (int i = 0; i < 1000; i++) {
            form.append("&topic=t").append(i);
        }
        HttpResponse<String> ok = post(form.toString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(everything.next().id()).isEqualTo(ok.body());
        HttpResponse<String> r = post(form + "&topic=t1000");
        assertThat(r.statusCode()).isEqualTo(413);
        assertNothingDispatched();
    }

    @Test
    @DisplayName("draft-08 Publication: far more topics than the limit (5000, past the form's field limit too) → 413, "
            + "not 400")
    void farTooManyTopics() {
        StringBuilder form = new StringBuilder("data=x");
        for (int i = 0; i < 5000; i++) {
            form.append("&topic=t").append(i);
        }
        assertThat(form.length()).isLessThan(MAX_BODY); // the body itself is within its limit
        HttpResponse<String> r = post(form.toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertNothingDispatched();
    }

    @Test
    @DisplayName("draft-08 Publication: unknown fields (foo=bar, Topic=, DATA=, lastEventID=) are ignored: 200 and the "
            + "update is dispatched")
    void unknownFieldsIgnored() {
        HttpResponse<String> r = post("topic=a&data=x&foo=bar&Topic=b&DATA=y&lastEventID=z&match=q&authorization=t");
        assertThat(r.statusCode()).isEqualTo(200);
        SseEvent e = everything.next();
        assertThat(e.id()).isEqualTo(r.body());
        assertThat(e.data()).isEqualTo("x");
    }

    @Test
    @DisplayName("protocol-eras.md What never mixes: a target field on a hub without a targets issuer → 400, never "
            + "broadcast (even with private)")
    void targetRefused() {
        try (Stream noGrant = V1Support.get(streams, "match=target-topic&match=sentinel-41",
                AccessTokens.token("nobody"))) {
            assertThat(noGrant.status()).isEqualTo(200);
            for (String form : List.of("topic=target-topic&data=x&target=alice", "topic=target-topic&data=x&target=",
                    "topic=target-topic&data=x&private=on&target=alice")) {
                HttpResponse<String> r = post(form);
                assertThat(r.statusCode()).as(form).isEqualTo(400);
                assertThat(r.body()).contains("target");
            }
            String sentinel = "s41-" + UUID.randomUUID();
            V1Support.publish(hub, "topic=sentinel-41&id=" + sentinel);
            assertThat(noGrant.idsBefore(sentinel)).isEmpty();
            assertThat(everything.idsBefore(sentinel)).isEmpty();
        }
    }

    @Test
    @DisplayName("draft-08 Publication (a form body): fields in the URL query string are ignored, only the body counts")
    void queryFieldsIgnored() {
        String qid = "query-id-" + UUID.randomUUID();
        HttpResponse<String> r = hub.post(HUB + "?topic=q42&id=" + qid + "&data=query&type=fromquery&private=on",
                AccessTokens.publisher(), "topic=b42&data=body", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isNotEqualTo(qid);
        SseEvent e = everything.next();
        assertThat(e.id()).isEqualTo(r.body());
        assertThat(e.data()).isEqualTo("body");
        assertThat(e.type()).isEqualTo("message");
        // The update is public (private=on in the query is ignored): a subscriber without grants receives it.
        try (Stream noGrant = V1Support.get(streams, "match=b42", AccessTokens.token("nobody"))) {
            HttpResponse<String> again = hub.post(HUB + "?private=on", AccessTokens.publisher(), "topic=b42&data=2", Map.of());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(noGrant.next().id()).isEqualTo(again.body());
            everything.next();
        }
        // A topic only in the query is no topic.
        HttpResponse<String> missing = hub.post(HUB + "?topic=q42", AccessTokens.publisher(), "data=x", Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertNothingDispatched();
    }
}
