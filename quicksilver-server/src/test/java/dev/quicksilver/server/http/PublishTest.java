package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
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
 * Publishing over HTTP: the answer, field validation at its strictest, and what subscribers receive
 * (Mercure draft-08 "Publication").
 *
 * <p>Each test runs on one node and again across two (docs/cluster.md "Tests"): published on one node,
 * received on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class PublishTest {
    /** This run's topology; {@link #start} gets it too, and starts its nodes. */
    @Parameter
    private Topology topology;
    private static Nodes nodes;
    /** Where the tests publish: node A. */
    private static TestHub hub;
    /** Where the tests subscribe: node B, or A itself on one node. */
    private static TestHub streams;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        nodes = Nodes.start(where, b -> b.anonymous(true).limits(l -> l.maxTopics(3).maxBodySize(4096)));
        hub = nodes.publisher();
        streams = nodes.subscriber();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodes.close();
    }

    private static HttpResponse<String> post(String form) {
        return hub.post(TestHub.allAccess(), form);
    }

    @Test
    @DisplayName("draft-08 Publication: 200 text/plain; charset=utf-8 with a generated urn:uuid id, the same in the "
            + "stream")
    void generatedId() {
        try (SseClient client = streams.subscribe("t")) {
            HttpResponse<String> r = post("topic=t&data=hello");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(r.body()).matches("^urn:uuid:[0-9a-f-]{36}$");
            SseEvent e = client.next();
            assertThat(e.id()).isEqualTo(r.body());
            assertThat(e.data()).isEqualTo("hello");
        }
    }

    @Test
    @DisplayName("draft-08 Publication: a supplied id is the answer and the event id")
    void suppliedId() {
        try (SseClient client = streams.subscribe("t2")) {
            HttpResponse<String> r = post("topic=t2&id=foo&data=x");
            assertThat(r.body()).isEqualTo("foo");
            assertThat(client.next().id()).isEqualTo("foo");
        }
    }

    @Test
    @DisplayName("draft-08 Publication: no topic → 400")
    void missingTopic() {
        HttpResponse<String> r = post("data=x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Missing \"topic\" parameter.");
    }

    @Test
    @DisplayName("draft-07 and draft-08 Publication: missing data → 200 and the event carries an empty data line")
    void missingData() {
        try (SseClient client = streams.subscribe("nodata")) {
            assertThat(post("topic=nodata").statusCode()).isEqualTo(200);
            assertThat(client.next().data()).isEmpty();
        }
    }

    @ParameterizedTest(name = "draft-08 Publication: {0} → 400")
    @ValueSource(strings = {"retry=abc", "retry=%2B5", "retry=1.5", "id=%2342", "id=earliest", "id=a%0Ab", "id=a%0Db",
        "id=a%00", "type=a%0Ab", "type=mercure", "id=a%7Fb", "id=a%C2%85b", "id=a%E2%80%8Eb", "type=%E2%80%8E",
        "topic=*", "topic=%2F.well-known%2Fmercure%2Fsubscriptions%2Ffoo", "topic=a%01b", "target=", "data=%FF"})
    void invalidFields(String field) {
        String form = field.startsWith("topic=") ? field : "topic=valid&" + field;
        HttpResponse<String> r = post(form);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isNotBlank();
    }

    @Test
    @DisplayName("draft-08 Publication, configuration.md Streams: retry=0 is accepted and no retry line is sent; "
            + "retry=7 is")
    void retry() {
        try (SseClient client = streams.subscribe("retry")) {
            assertThat(post("topic=retry&retry=0&data=a").statusCode()).isEqualTo(200);
            assertThat(post("topic=retry&retry=7&data=b").statusCode()).isEqualTo(200);
            assertThat(client.next().retry()).isNull();
            assertThat(client.next().retry()).isEqualTo(7L);
        }
    }

    @Test
    @DisplayName("draft-08 Publication: a body over the limit → 413")
    void bodyTooLarge() {
        HttpResponse<String> r = post("topic=t&data=" + "x".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("4096");
    }

    @Test
    @DisplayName("draft-08 Publication: more topics than the limit → 413")
    void tooManyTopics() {
        HttpResponse<String> r = post("topic=a&topic=b&topic=c&topic=d&data=x");
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("draft-08 Publication: private with an empty value marks the update private: anonymous subscribers "
            + "get nothing")
    void emptyPrivate() {
        try (SseClient anonymous = streams.subscribe("priv")) {
            assertThat(post("topic=priv&private=&data=secret").statusCode()).isEqualTo(200);
            assertThat(post("topic=priv&data=public").statusCode()).isEqualTo(200);
            assertThat(anonymous.next().data()).isEqualTo("public");
        }
    }

    @Test
    @DisplayName("draft-08 Publication: unknown fields are ignored")
    void unknownFields() {
        assertThat(post("topic=t&foo=bar&data=x").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("draft-08 Publication (a form body): publish fields in the URL query are ignored; only the body counts")
    void queryIgnored() {
        try (SseClient client = streams.subscribe("body")) {
            HttpResponse<String> r = hub.post("/.well-known/mercure?topic=query&id=fromquery&data=q",
                    TestHub.allAccess(), "topic=body&data=b", Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isNotEqualTo("fromquery");
            assertThat(client.next().data()).isEqualTo("b");
        }
    }

    @Test
    @DisplayName("the seed-era path /hub accepts publishes")
    void seedPath() {
        try (SseClient client = streams.subscribe("seedpub")) {
            HttpResponse<String> r = hub.post("/hub", TestHub.allAccess(), "topic=seedpub&data=x", Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(client.next().id()).isEqualTo(r.body());
        }
    }

    @Test
    @DisplayName("a body that is not a form → 415")
    void wrongContentType() {
        HttpResponse<String> r = TestHub.send(HttpRequest.newBuilder(hub.uri("/.well-known/mercure"))
                .header("Authorization", "Bearer " + TestHub.allAccess())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"t\"}")).build());
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    @DisplayName("keep-alive: several publishes on one connection are answered in order")
    void keepAlive() {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post("topic=k&id=k" + i + "&data=x");
            assertThat(r.body()).isEqualTo("k" + i);
        }
        assertThat(hub.server().hub().metrics().updates()).isGreaterThanOrEqualTo(20);
    }

    @Test
    @DisplayName("draft-08 Publication: an update is delivered once to a subscriber matching several of its topics")
    void alternates() {
        try (SseClient client = streams.subscribe("a1", "a2")) {
            post("topic=a1&topic=a2&data=once");
            post("topic=a2&data=last");
            assertThat(client.until("last", Duration.ofSeconds(5))).extracting(SseEvent::data)
                    .containsExactly("once", "last");
        }
    }
}
