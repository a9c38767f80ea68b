package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.support.Nodes;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import dev.quicksilver.server.support.Topology;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * History and reconnection over real sockets: the cursor's header and query names and their
 * precedence, the response cursor, unknown and empty cursors, private replay, the hand-over from
 * replay to live events, duplicated ids and the history limit (Mercure draft-07 "Reconnection, State
 * Reconciliation and Event Sourcing" and its draft-08 counterpart; docs/protocol-eras.md for the
 * parameters of every era; docs/architecture.md "Reconnection without gap or duplicate").
 * Every test uses its own topics, since the hub's history is shared. Each test runs on one node and
 * again across two (docs/cluster.md "Tests"): published on one node, replayed on the other. The
 * limits of one node's own store are {@link HistoryLimitsTest}'s.
 */
@ParameterizedClass(name = "{0}")
@MethodSource(Topology.CHOSEN)
class HistoryTest {
    @Parameter
    private Topology topology;
    private static Nodes nodes;
    /** Where the tests publish: node A. */
    private static TestHub publisher;
    /** Where the tests subscribe: node B, or A itself on one node. */
    private static TestHub subscriber;

    @BeforeParameterizedClassInvocation
    static void start(Topology where) {
        nodes = Nodes.start(where, b -> b.threads(2).anonymous(true));
        publisher = nodes.publisher();
        subscriber = nodes.subscriber();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodes.close();
    }

    static String topic(String name) {
        return "https://example.com/history/" + name;
    }

    static void publish(TestHub h, String topic, String id) {
        publish(h, topic, id, id);
    }

    private static void publish(TestHub h, String topic, String id, String data) {
        HttpResponse<String> r = h.post(TestHub.allAccess(),
                "topic=" + TestHub.encode(topic) + "&id=" + TestHub.encode(id) + "&data=" + TestHub.encode(data));
        assertThat(r.statusCode()).as("publishing %s", id).isEqualTo(200);
        assertThat(r.body()).isEqualTo(id);
        if (h == publisher) {
            nodes.awaitSubscriberRead(id); // what a test opens next on the other node gets it only by replay
        }
    }

    static SseClient withHeader(TestHub h, String topic, String lastEventId) {
        return SseClient.open(h.subscribeUri(topic), Map.of("Last-Event-ID", lastEventId));
    }

    private static SseClient withQuery(TestHub h, String topic, String query) {
        return SseClient.open(URI.create(h.subscribeUri(topic) + "&" + query));
    }

    static String cursor(SseClient c) {
        return c.headers().firstValue("Last-Event-ID").orElse(null);
    }

    /** The ids of the next n events; fails when one does not come. */
    static List<String> nextIds(SseClient c, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SseEvent e = c.next();
            assertThat(e).as("event %d of %d (after %s)", i + 1, n, ids).isNotNull();
            ids.add(e.id());
        }
        return ids;
    }

    /** Publishes a marker: it must be every client's next event, which shows nothing (else) came before it. */
    static void assertNothingBefore(TestHub h, String topic, SseClient... clients) {
        String marker = "marker-" + System.nanoTime();
        publish(h, topic, marker);
        for (SseClient c : clients) {
            assertThat(nextIds(c, 1)).containsExactly(marker);
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: a Last-Event-ID header replays the events after it, then live events follow")
    void headerReplaysThenLive() {
        String t = topic("r71");
        publish(publisher, t, "r71-1");
        publish(publisher, t, "r71-2");
        publish(publisher, t, "r71-3");
        try (SseClient c = withHeader(subscriber, t, "r71-1")) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(nextIds(c, 2)).containsExactly("r71-2", "r71-3");
            publish(publisher, t, "r71-4");
            assertThat(nextIds(c, 1)).containsExactly("r71-4");
        }
    }

    @Test
    @DisplayName("without a cursor nothing is replayed and no Last-Event-ID header is sent")
    void noCursorNoReplay() {
        String t = topic("none");
        publish(publisher, t, "none-1");
        try (SseClient c = subscriber.subscribe(t)) {
            assertThat(cursor(c)).isNull();
            assertNothingBefore(publisher, t, c);
        }
    }

    @ParameterizedTest(name = "draft-07 and draft-04 Reconnection, protocol-eras.md: the {0} query parameter replays "
            + "like the header")
    @ValueSource(strings = {"last_event_id", "lastEventID", "Last-Event-ID"})
    void queryParameters(String name) {
        String t = topic("r72-" + name);
        publish(publisher, t, name + "-1");
        publish(publisher, t, name + "-2");
        publish(publisher, t, name + "-3");
        try (SseClient c = withQuery(subscriber, t, name + "=" + TestHub.encode(name + "-1"))) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(cursor(c)).isEqualTo(name + "-1");
            assertThat(nextIds(c, 2)).containsExactly(name + "-2", name + "-3");
            publish(publisher, t, name + "-4");
            assertThat(nextIds(c, 1)).containsExactly(name + "-4");
        }
    }

    @Test
    @DisplayName("protocol-eras.md reconnection parameters: precedence header > last_event_id > lastEventID > "
            + "Last-Event-ID")
    void precedence() {
        String t = topic("r73");
        for (int i = 1; i <= 5; i++) {
            publish(publisher, t, "r73-" + i);
        }
        String all = "last_event_id=r73-2&lastEventID=r73-1&Last-Event-ID=r73-1";
        try (SseClient c = SseClient.open(URI.create(subscriber.subscribeUri(t) + "&" + all), Map.of("Last-Event-ID", "r73-4"))) {
            assertThat(cursor(c)).isEqualTo("r73-4");
            assertThat(nextIds(c, 1)).containsExactly("r73-5");
        }
        try (SseClient c = withQuery(subscriber, t, all)) {
            assertThat(cursor(c)).isEqualTo("r73-2");
            assertThat(nextIds(c, 3)).containsExactly("r73-3", "r73-4", "r73-5");
        }
        try (SseClient c = withQuery(subscriber, t, "Last-Event-ID=r73-1&lastEventID=r73-3")) {
            assertThat(cursor(c)).isEqualTo("r73-3");
            assertThat(nextIds(c, 2)).containsExactly("r73-4", "r73-5");
        }
        try (SseClient c = withQuery(subscriber, t, "Last-Event-ID=r73-4")) {
            assertThat(cursor(c)).isEqualTo("r73-4");
            assertThat(nextIds(c, 1)).containsExactly("r73-5");
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: the Last-Event-ID response header echoes the id that was found")
    void responseCursor() {
        String t = topic("r74");
        publish(publisher, t, "r74-1");
        publish(publisher, t, "r74 with space/and%");
        try (SseClient c = withQuery(subscriber, t, "lastEventID=" + TestHub.encode("r74 with space/and%"))) {
            assertThat(cursor(c)).isEqualTo("r74 with space/and%");
            assertNothingBefore(publisher, t, c);
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: an unknown id → Last-Event-ID: earliest and no replay")
    void unknownId() {
        String t = topic("r75");
        publish(publisher, t, "r75-1");
        publish(publisher, t, "r75-2");
        try (SseClient c = withHeader(subscriber, t, "r75-never-published")) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(cursor(c)).isEqualTo("earliest");
            assertNothingBefore(publisher, t, c);
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: with an empty history any cursor → earliest, and so does earliest itself")
    void emptyHistory() {
        try (Nodes fresh = Nodes.start(topology, b -> b.threads(1).anonymous(true))) {
            try (SseClient c = withHeader(fresh.subscriber(), "a", "some-id")) {
                assertThat(cursor(c)).isEqualTo("earliest");
                assertNothingBefore(fresh.publisher(), "a", c);
            }
        }
        try (Nodes fresh = Nodes.start(topology, b -> b.threads(1).anonymous(true))) {
            try (SseClient c = withQuery(fresh.subscriber(), "a", "last_event_id=earliest")) {
                assertThat(cursor(c)).isEqualTo("earliest");
                assertNothingBefore(fresh.publisher(), "a", c);
            }
        }
    }

    @ParameterizedTest(name = "draft-08 Reconnection: an empty {0}= query value → earliest, no replay")
    @ValueSource(strings = {"last_event_id", "lastEventID", "Last-Event-ID"})
    void emptyQueryValue(String name) {
        String t = topic("r76-" + name);
        publish(publisher, t, "r76-" + name + "-1");
        try (SseClient c = withQuery(subscriber, t, name + "=")) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(cursor(c)).isEqualTo("earliest");
            assertNothingBefore(publisher, t, c);
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: earliest replays the whole history of the matched topics, in order")
    void earliestReplaysAll() {
        String t = topic("r77");
        String other = topic("r77-other");
        publish(publisher, t, "r77-1");
        publish(publisher, other, "r77-x");
        publish(publisher, t, "r77-2");
        publish(publisher, topic("r77/sub"), "r77-3");
        publish(publisher, t, "r77-4");
        try (SseClient c = SseClient.open(URI.create(subscriber.subscribeUri(t, topic("r77/{x}")) + "&last_event_id=earliest"))) {
            assertThat(cursor(c)).isEqualTo("earliest");
            assertThat(nextIds(c, 4)).containsExactly("r77-1", "r77-2", "r77-3", "r77-4");
            assertNothingBefore(publisher, t, c);
        }
    }

    @Test
    @DisplayName("draft-08 Authorization on Event Replay: replayed private events are filtered with the current token")
    void privateReplayFiltered() {
        String a = topic("r78/a");
        String b = topic("r78/b");
        String c = topic("r78/c");
        for (String[] u : new String[][] {{a, "r78-pa", "&private=on"}, {b, "r78-pb", "&private=on"}, {c, "r78-pc", ""}}) {
            assertThat(publisher.post(TestHub.allAccess(), "topic=" + TestHub.encode(u[0]) + "&id=" + u[1] + u[2])
                    .statusCode()).isEqualTo(200);
        }
        URI uri = URI.create(subscriber.subscribeUri(topic("r78/{x}")) + "&last_event_id=earliest");
        String grantA = Tokens.mercure(TestHub.SECRET, null, "[\"" + a + "\"]");
        try (SseClient granted = SseClient.open(uri, Map.of("Authorization", "Bearer " + grantA));
                SseClient anonymous = SseClient.open(uri)) {
            assertThat(nextIds(granted, 2)).containsExactly("r78-pa", "r78-pc");
            assertThat(nextIds(anonymous, 1)).containsExactly("r78-pc");
            assertNothingBefore(publisher, c, granted, anonymous);
        }
    }

    @Test
    @DisplayName("architecture.md Reconnection without gap or duplicate: events published during a replay follow it, "
            + "in order, with no gap and no duplicate")
    void replayThenConcurrentLive() throws Exception {
        String t = topic("r79");
        int before = 100;
        int during = 300;
        for (int i = 0; i < before; i++) {
            publish(publisher, t, "r79-" + i);
        }
        int[] joinAfter = {10, 80, 200};
        int[] resumeFrom = {49, 0, 99};
        List<CountDownLatch> reached = new ArrayList<>();
        for (int k = 0; k < joinAfter.length; k++) {
            reached.add(new CountDownLatch(1));
        }
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < during; i++) {
                publish(publisher, t, "r79-" + (before + i));
                for (int k = 0; k < joinAfter.length; k++) {
                    if (i == joinAfter[k]) {
                        reached.get(k).countDown();
                    }
                }
            }
        });
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int k = 0; k < joinAfter.length; k++) {
                assertThat(reached.get(k).await(10, TimeUnit.SECONDS)).isTrue();
                clients.add(withHeader(subscriber, t, "r79-" + resumeFrom[k]));
            }
            publishing.get(30, TimeUnit.SECONDS);
            for (int k = 0; k < clients.size(); k++) {
                int total = before + during - resumeFrom[k] - 1;
                List<String> expected = IntStream.range(resumeFrom[k] + 1, before + during).mapToObj(i -> "r79-" + i).toList();
                assertThat(nextIds(clients.get(k), total)).as("client resuming after r79-%d", resumeFrom[k])
                        .containsExactlyElementsOf(expected);
            }
            assertNothingBefore(publisher, t, clients.toArray(SseClient[]::new));
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    @Test
    @DisplayName("draft-08 Reconnection: with two stored events sharing an id, that id replays from the first copy")
    void duplicatedId() {
        String t = topic("r80");
        publish(publisher, t, "r80-dup", "first");
        publish(publisher, t, "r80-y", "y");
        publish(publisher, t, "r80-dup", "second");
        publish(publisher, t, "r80-z", "z");
        try (SseClient c = withHeader(subscriber, t, "r80-dup")) {
            assertThat(cursor(c)).isEqualTo("r80-dup");
            List<String> data = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                data.add(c.next().data());
            }
            assertThat(data).containsExactly("y", "second", "z");
        }
    }

    @Test
    @DisplayName("draft-07 Reconnection: an id that is only in history for another topic replays nothing for this one, "
            + "but is found")
    void cursorFromOtherTopic() {
        String t = topic("mixed");
        publish(publisher, topic("mixed-other"), "mixed-o1");
        publish(publisher, t, "mixed-1");
        try (SseClient c = withHeader(subscriber, t, "mixed-o1")) {
            assertThat(cursor(c)).isEqualTo("mixed-o1");
            assertThat(nextIds(c, 1)).containsExactly("mixed-1");
        }
    }
}
