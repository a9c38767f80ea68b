package dev.quicksilver.server.v1;

import static dev.quicksilver.server.v1.V1Support.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Topology;
import dev.quicksilver.server.v1.V1Support.Stream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * History and reconnection in 1.0 over real sockets (Mercure draft-08 "Reconnection, State
 * Reconciliation, and Event Sourcing" and "Authorization on Event Replay"; docs/protocol-eras.md for
 * the 0.x names): the {@code last_event_id} parameter, the {@code Mercure-Last-Event-ID} answer, unknown
 * and empty cursors, {@code earliest}, private events filtered by the current token, duplicated
 * ids, and the 0.x names on a mixed hub.
 *
 * <p>Each test uses topics of its own (the history is the hub's); a live sentinel published after
 * the stream opened marks the end of the replay. Each test runs on one node and again across two
 * (docs/cluster.md "Tests"): published on one node, replayed on the other.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class HistoryV1Test {
    @Parameter
    private Topology topology;
    private static Nodes hubNodes;
    private static Nodes mixedNodes;
    /** A 1.0-only hub, where the tests publish (node A). */
    private static TestHub hub;
    /** The same hub, where the tests subscribe: node B, or A itself on one node. */
    private static TestHub hubStreams;
    /** A mixed hub (1.0 and 0.x), where the tests publish. */
    private static TestHub mixed;
    /** The same hub, where the tests subscribe. */
    private static TestHub mixedStreams;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        hubNodes = V1Support.v1Nodes(where, b -> b);
        mixedNodes = V1Support.mixedNodes(where, b -> b);
        hub = hubNodes.publisher();
        hubStreams = hubNodes.subscriber();
        mixed = mixedNodes.publisher();
        mixedStreams = mixedNodes.subscriber();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        hubNodes.close();
        mixedNodes.close();
    }

    /** Topics and ids unique to one test. */
    private record Run(String prefix) {
        static Run create() {
            return new Run("https://example.com/h/" + UUID.randomUUID());
        }

        String topic(String name) {
            return prefix + "/" + name;
        }

        String id(String name) {
            return prefix + "#" + name;
        }
    }

    private static void publish(TestHub h, String topic, String id, boolean privateUpdate) {
        V1Support.publish(h, "topic=" + enc(topic) + "&id=" + enc(id) + "&data=" + enc(id)
                + (privateUpdate ? "&private=on" : ""));
        // What a test opens next on the other node gets the update only by replay.
        if (h == hub) {
            hubNodes.awaitSubscriberRead(id);
        } else if (h == mixed) {
            mixedNodes.awaitSubscriberRead(id);
        }
    }

    /** A token that may subscribe to every topic. */
    private static String reader() {
        return AccessTokens.token("reader", AccessTokens.detail("subscribe", AccessTokens.exact("*")));
    }

    /** Publishes a live sentinel on the topic and returns the ids the stream received before it. */
    private static List<String> replayed(TestHub h, Stream s, String topic) {
        String sentinel = topic + "#live-" + UUID.randomUUID();
        publish(h, topic, sentinel, false);
        return s.idsBefore(sentinel);
    }

    private static Stream open(TestHub h, String query, String token, Map<String, String> headers) {
        Stream s = V1Support.get(h, V1Support.HUB + "?" + query, token, headers);
        assertThat(s.status()).as(query).isEqualTo(200);
        return s;
    }

    @Test
    @DisplayName("draft-08 Reconnection: ?last_event_id=a replays the events after a, then live ones; "
            + "Mercure-Last-Event-ID: a")
    void lastEventIdParameter() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(hub, t, run.id("1"), false);
        publish(hub, t, run.id("2"), false);
        publish(hub, run.topic("other"), run.id("other"), false);
        publish(hub, t, run.id("3"), false);
        try (Stream s = open(hubStreams, "match=" + enc(t) + "&last_event_id=" + enc(run.id("1")), reader(), Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo(run.id("1"));
            assertThat(replayed(hub, s, t)).containsExactly(run.id("2"), run.id("3"));
            // Then live.
            publish(hub, t, run.id("4"), false);
            assertThat(s.next().id()).isEqualTo(run.id("4"));
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: no cursor → no Mercure-Last-Event-ID header and no replay")
    void noCursor() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(hub, t, run.id("1"), false);
        try (Stream s = open(hubStreams, "match=" + enc(t), reader(), Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isNull();
            assertThat(replayed(hub, s, t)).isEmpty();
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: the Last-Event-ID request header replays too, answered with "
            + "Mercure-Last-Event-ID")
    void headerCursor() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(hub, t, run.id("1"), false);
        publish(hub, t, run.id("2"), false);
        try (Stream s = open(hubStreams, "match=" + enc(t), reader(), Map.of("Last-Event-ID", run.id("1")))) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo(run.id("1"));
            assertThat(replayed(hub, s, t)).containsExactly(run.id("2"));
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: an unknown id → Mercure-Last-Event-ID: earliest and no replay")
    void unknownId() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(hub, t, run.id("1"), false);
        publish(hub, t, run.id("2"), false);
        try (Stream s = open(hubStreams, "match=" + enc(t) + "&last_event_id=" + enc(run.id("never-published")), reader(),
                Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
            assertThat(replayed(hub, s, t)).isEmpty();
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: on a hub with an empty history, any cursor → earliest")
    void emptyHistory() {
        try (Nodes fresh = V1Support.v1Nodes(topology, b -> b.threads(1));
                Stream s = V1Support.get(fresh.subscriber(), V1Support.HUB + "?match=x&last_event_id=abc", reader(), Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: ?last_event_id= (empty) → Mercure-Last-Event-ID: earliest, no replay")
    void emptyValue() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(hub, t, run.id("1"), false);
        for (String query : List.of("match=" + enc(t) + "&last_event_id=", "match=" + enc(t) + "&last_event_id")) {
            try (Stream s = open(hubStreams, query, reader(), Map.of())) {
                assertThat(s.header("Mercure-Last-Event-ID")).as(query).isEqualTo("earliest");
                assertThat(replayed(hub, s, t)).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: last_event_id=earliest replays every event kept for the matched topics, in "
            + "publish order")
    void earliest() {
        Run run = Run.create();
        String a = run.topic("a");
        String b = run.topic("b");
        publish(hub, a, run.id("1"), false);
        publish(hub, run.topic("c"), run.id("2"), false);
        publish(hub, b, run.id("3"), false);
        publish(hub, a, run.id("4"), false);
        try (Stream s = open(hubStreams, "match=" + enc(a) + "&match_urlpattern=" + enc(run.prefix() + "/b")
                + "&last_event_id=earliest", reader(), Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
            List<String> ids = replayed(hub, s, a);
            // Other tests' events may precede in the history; this run's come in order.
            assertThat(ids.stream().filter(id -> id.startsWith(run.prefix() + "#")).toList())
                    .containsExactly(run.id("1"), run.id("3"), run.id("4"));
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: a replayed event is serialized like a live one (type, retry, id, data)")
    void replayedEventShape() {
        Run run = Run.create();
        String t = run.topic("t");
        V1Support.publish(hub, "topic=" + enc(t) + "&id=" + enc(run.id("1")) + "&type=book&retry=1500&data="
                + enc("line 1\nline 2"));
        try (Stream s = open(hubStreams, "match=" + enc(t) + "&last_event_id=earliest", reader(), Map.of())) {
            SseEvent e = s.next();
            assertThat(e).isEqualTo(new SseEvent("book", run.id("1"), "line 1\nline 2", 1500L));
        }
    }

    @Test
    @DisplayName("draft-08 Authorization on Event Replay: replayed private events are filtered by the current token; a "
            + "token without the grant gets none")
    void privateReplay() {
        Run run = Run.create();
        String pub = run.topic("public");
        String priv = run.topic("private");
        publish(hub, pub, run.id("1"), false);
        publish(hub, priv, run.id("2"), true);
        publish(hub, pub, run.id("3"), false);
        publish(hub, priv, run.id("4"), true);
        String query = "match_urlpattern=" + enc(run.prefix() + "/*") + "&last_event_id=" + enc(run.id("1"));
        String granted = AccessTokens.token("granted", AccessTokens.detail("subscribe", AccessTokens.exact(priv)));
        String other = AccessTokens.token("other", AccessTokens.detail("subscribe", AccessTokens.exact(run.topic("else"))));
        String none = AccessTokens.token("none");
        try (Stream withGrant = open(hubStreams, query, granted, Map.of());
                Stream withOtherGrant = open(hubStreams, query, other, Map.of());
                Stream withoutGrant = open(hubStreams, query, none, Map.of())) {
            String sentinel = run.id("live");
            publish(hub, pub, sentinel, false);
            assertThat(withGrant.idsBefore(sentinel)).containsExactly(run.id("2"), run.id("3"), run.id("4"));
            assertThat(withOtherGrant.idsBefore(sentinel)).containsExactly(run.id("3"));
            assertThat(withoutGrant.idsBefore(sentinel)).containsExactly(run.id("3"));
        }
        // Anonymous subscribers are not allowed on this hub: the replay is never a way around that.
        try (Stream anonymous = V1Support.get(hubStreams, V1Support.HUB + "?" + query, null, Map.of())) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("draft-08 Authorization on Event Replay: Mercure-Last-Event-ID never names an unauthorized event "
            + "beyond the requested one")
    void cursorDoesNotLeak() {
        Run run = Run.create();
        String pub = run.topic("public");
        String priv = run.topic("private");
        publish(hub, pub, run.id("1"), false);
        publish(hub, priv, run.id("secret-2"), true);
        publish(hub, priv, run.id("secret-3"), true);
        String none = AccessTokens.token("none");
        String query = "match_urlpattern=" + enc(run.prefix() + "/*");
        // A known id is echoed as it is, not replaced by the newest (private) one.
        try (Stream s = open(hubStreams, query + "&last_event_id=" + enc(run.id("1")), none, Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo(run.id("1"));
            assertThat(s.header("Last-Event-ID")).isIn(null, run.id("1"));
            assertThat(replayed(hub, s, pub)).isEmpty();
        }
        // An unknown id is answered earliest, not with the newest event the hub has (0.x's bug).
        try (Stream s = open(hubStreams, query + "&last_event_id=unknown-" + UUID.randomUUID(), none, Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
            assertThat(s.header("Last-Event-ID")).isIn(null, "earliest");
        }
        try (Stream s = open(hubStreams, query + "&last_event_id=earliest", none, Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo("earliest");
            // (The live sentinels of the streams above are in the history too: only this run's ids count.)
            assertThat(replayed(hub, s, pub).stream().filter(id -> id.startsWith(run.prefix() + "#")).toList())
                    .containsExactly(run.id("1"));
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: with two stored events sharing id x, last_event_id=x replays from the first "
            + "copy")
    void duplicatedId() {
        Run run = Run.create();
        String t = run.topic("t");
        String dup = run.id("dup");
        publish(hub, t, run.id("0"), false);
        publish(hub, t, dup, false);
        publish(hub, t, run.id("2"), false);
        publish(hub, t, dup, false);
        publish(hub, t, run.id("4"), false);
        try (Stream s = open(hubStreams, "match=" + enc(t) + "&last_event_id=" + enc(dup), reader(), Map.of())) {
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo(dup);
            assertThat(replayed(hub, s, t)).containsExactly(run.id("2"), dup, run.id("4"));
        }
    }

    @Test
    @DisplayName("protocol-eras.md: mixed hub — header > last_event_id > lastEventID > Last-Event-ID (query); both "
            + "response headers")
    void mixedPrecedence() {
        Run run = Run.create();
        String t = run.topic("t");
        for (int i = 1; i <= 5; i++) {
            publish(mixed, t, run.id(String.valueOf(i)), false);
        }
        String match = "match=" + enc(t);
        String p1 = "&last_event_id=" + enc(run.id("1"));
        String p2 = "&lastEventID=" + enc(run.id("2"));
        String p3 = "&Last-Event-ID=" + enc(run.id("3"));
        String token = reader();
        Map<String, String> header4 = Map.of("Last-Event-ID", run.id("4"));
        record Case(String query, Map<String, String> headers, String cursor) {}
        List<Case> cases = List.of(
                new Case(match + p3 + p2 + p1, header4, "4"),
                new Case(match + p3 + p2 + p1, Map.of(), "1"),
                new Case(match + p3 + p2, Map.of(), "2"),
                new Case(match + p3, Map.of(), "3"),
                new Case(match + p1 + p3, Map.of(), "1"));
        for (Case c : cases) {
            try (Stream s = open(mixedStreams, c.query(), token, c.headers())) {
                String expected = run.id(c.cursor());
                assertThat(s.header("Mercure-Last-Event-ID")).as(c.query()).isEqualTo(expected);
                assertThat(s.header("Last-Event-ID")).as(c.query()).isEqualTo(expected);
                int from = Integer.parseInt(c.cursor());
                List<String> expectedIds = new java.util.ArrayList<>();
                for (int i = from + 1; i <= 5; i++) {
                    expectedIds.add(run.id(String.valueOf(i)));
                }
                String sentinel = run.id("live-" + UUID.randomUUID());
                publish(mixed, run.topic("t"), sentinel, false);
                // The sentinels of the cases before are in the history too: leave them out.
                assertThat(s.idsBefore(sentinel).stream().filter(id -> !id.contains("#live-")).toList()).as(c.query())
                        .containsExactlyElementsOf(expectedIds);
            }
        }
    }

    @Test
    @DisplayName("protocol-eras.md: mixed hub — a 0.x client (topic=, ?lastEventID=) replays and reads Last-Event-ID")
    void mixedLegacyClient() {
        Run run = Run.create();
        String t = run.topic("t");
        publish(mixed, t, run.id("1"), false);
        publish(mixed, t, run.id("2"), false);
        try (Stream s = open(mixedStreams, "topic=" + enc(run.prefix() + "/{x}") + "&lastEventID=" + enc(run.id("1")),
                TestHub.allAccess(), Map.of())) {
            assertThat(s.header("Last-Event-ID")).isEqualTo(run.id("1"));
            assertThat(s.header("Mercure-Last-Event-ID")).isEqualTo(run.id("1"));
            assertThat(replayed(mixed, s, t)).containsExactly(run.id("2"));
        }
        try (Stream s = open(mixedStreams, "topic=" + enc(t) + "&lastEventID=nope-" + UUID.randomUUID(), TestHub.allAccess(),
                Map.of())) {
            assertThat(s.header("Last-Event-ID")).isEqualTo("earliest");
        }
    }
}
