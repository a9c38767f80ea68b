package dev.quicksilver.server.http;

import static dev.quicksilver.core.topic.CostlySelectors.pattern;
import static dev.quicksilver.core.topic.CostlySelectors.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.topic.MatchLimits;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.topic.UriTemplate;
import dev.quicksilver.core.urlpattern.UrlPattern;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile subscriptions against a real hub over real sockets: URI Templates and URL Patterns made to
 * cost as much matching and memory as possible, sent with GET and with QUERY. Over the
 * {@link MatchLimits} they are refused with a 400 that names the limit; at the limits they are
 * accepted, and still leave ordinary subscribers served, publishes answered and {@code /healthz}
 * answering; and once they leave, the compiled selectors leave too. The time bounds are generous
 * guards against a stalled event loop (before the limits, such a subscription held a loop for
 * seconds per publish), not performance claims.
 */
@DisplayName("Matching bounds: costly templates and URL patterns neither stall nor exhaust the hub")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchingBoundsTest {
    private static final String HUB = "/.well-known/mercure";
    /**
     * Served while the worst subscriptions are matched: a stalled loop would hold them for as long
     * as the matching takes; 5 s leave a loaded 2-core machine room for scheduling alone.
     */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /**
     * Matches every template and pattern below, whose variables may all take part while it is read;
     * long (matching time grows with the topic's length, and a publisher may send such topics), so
     * that the heavy subscriptions below take seconds to match per publish, all of them together.
     */
    private static final String TOPIC = "https://example.com/" + "abcdefghij".repeat(400);

    /** One hub for the class (the tests' subscriptions are told apart by their selectors' names). */
    private final TestHub hub = TestHub.start(b -> b.threads(2).anonymous(true));

    @AfterAll
    void stop() {
        hub.close();
    }

    /** As many selectors at the per-selector limits as fit a subscription (and the matcher count). */
    private static String worstSubscription(String name, IntFunction<String> selector, int variables, int size,
            int cap) {
        MatchLimits limits = MatchLimits.DEFAULTS;
        int fit = Math.min(cap, Math.min(limits.maxSubscriptionVariables() / variables,
                limits.maxSubscriptionSize() / size));
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fit; i++) {
            form.append(i == 0 ? "" : "&").append(name).append('=').append(TestHub.encode(selector.apply(i)));
        }
        return form.toString();
    }

    private static int templateSize() {
        return UriTemplate.parse(template(0, MatchLimits.DEFAULTS.maxVariables())).orElseThrow().programSize();
    }

    private static int patternSize() {
        return UrlPattern.compile(pattern(0, MatchLimits.DEFAULTS.maxGroups())).programSize();
    }

    /** The worst subscription of templates the limits allow, told apart by salt. */
    private static String worstTemplates(int salt) {
        return worstSubscription("topic", i -> template(salt * 1000 + i, MatchLimits.DEFAULTS.maxVariables()),
                MatchLimits.DEFAULTS.maxVariables(), templateSize(), 1000);
    }

    /** The worst subscription of URL patterns the limits allow (100 matchers), told apart by salt. */
    private static String worstPatterns(int salt) {
        return worstSubscription("match_urlpattern", i -> pattern(salt * 1000 + i, MatchLimits.DEFAULTS.maxGroups()),
                MatchLimits.DEFAULTS.maxGroups(), patternSize(), 100);
    }

    /** A subscription by QUERY, its form in the body, on a socket of its own; the stream's head is read. */
    private Subscription query(String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        Socket socket = RawHttp.connect(hub.port());
        socket.setSoTimeout(60_000);
        String head = "QUERY " + HUB + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return new Subscription(socket, RawHttp.read(socket.getInputStream(), false));
    }

    private record Subscription(Socket socket, RawHttp.Response response) implements AutoCloseable {
        /** Reads the stream until this data has come. */
        void await(String data) throws IOException {
            RawHttp.readUntil(socket.getInputStream(), "data: " + data + "\n");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void assertRefused(RawHttp.Response response, String limit) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("(limit " + limit + ")");
    }

    private RawHttp.Response get(String query) throws IOException {
        return RawHttp.exchange(hub.port(), "GET " + HUB + "?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\nConnection: close\r\n\r\n");
    }

    @Test
    @DisplayName("templates over a limit, by GET or QUERY: 400 naming max-template-variables or max-subscription-variables")
    void templatesOverTheLimits() throws IOException {
        int max = MatchLimits.DEFAULTS.maxVariables();
        assertRefused(get("topic=" + TestHub.encode(template(0, max + 1))), MatchLimits.VARIABLES);
        // Past the 128 variables a template can hold at all: refused too, not taken for a literal topic.
        assertRefused(get("topic=" + TestHub.encode(template(0, 129))), MatchLimits.VARIABLES);
        try (Subscription s = query("topic=" + TestHub.encode(template(0, 60)))) {
            assertRefused(s.response(), MatchLimits.VARIABLES);
        }
        // The reported attack: 1,000 templates of 60 variables in one QUERY, then of 32 (each within its limits).
        try (Subscription s = query(worstSubscription("topic", i -> template(i, 60), 1, 1, 1000))) {
            assertRefused(s.response(), MatchLimits.VARIABLES);
        }
        try (Subscription s = query(worstSubscription("topic", i -> template(i, max), 1, 1, 1000))) {
            assertRefused(s.response(), MatchLimits.SUBSCRIPTION_VARIABLES);
        }
        // Long literal templates of one variable: the compiled size is the limit reached.
        try (Subscription s = query(worstSubscription("topic", i -> "https://example.com/" + "x".repeat(3000)
                + "/{id}/" + i, 1, 1, 1000))) {
            assertRefused(s.response(), MatchLimits.SUBSCRIPTION_SIZE);
        }
    }

    @Test
    @DisplayName("URL patterns over a limit, by GET or QUERY: 400 naming max-pattern-groups")
    void patternsOverTheLimits() throws IOException {
        int max = MatchLimits.DEFAULTS.maxGroups();
        assertRefused(get("match_urlpattern=" + TestHub.encode(pattern(0, max + 1))), MatchLimits.GROUPS);
        try (Subscription s = query(worstSubscription("match_urlpattern", i -> pattern(i, 150), 1, 1, 100))) {
            assertRefused(s.response(), MatchLimits.GROUPS);
        }
        try (Subscription s = query(worstSubscription("match_urlpattern", i -> pattern(i, max), 1, 1, 100))) {
            assertRefused(s.response(), MatchLimits.SUBSCRIPTION_VARIABLES);
        }
    }

    @Test
    @DisplayName("the worst subscriptions the limits allow leave an ordinary subscriber served, publishes and /healthz prompt")
    void worstAllowedSubscriptionsStallNothing() throws IOException {
        List<Subscription> heavy = new ArrayList<>();
        try (SseClient ordinary = hub.subscribe("*")) {
            for (int i = 0; i < 30; i++) {
                heavy.add(query(worstTemplates(100 + i)));
                heavy.add(query(worstPatterns(100 + i)));
            }
            assertThat(heavy).allSatisfy(s -> assertThat(s.response().status()).isEqualTo(200));
            for (int i = 0; i < 3; i++) {
                // A new topic each time: no match result is remembered.
                String topic = TOPIC + i;
                long start = System.nanoTime();
                HttpResponse<String> published = hub.publish("p" + i, topic);
                assertThat(published.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
                SseEvent event = ordinary.next(PROMPTLY);
                assertThat(event).as("the ordinary subscriber gets publish %d promptly", i).isNotNull();
                assertThat(event.data()).isEqualTo("p" + i);
                start = System.nanoTime();
                assertThat(hub.get("/healthz", Map.of()).statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            }
            // The costly subscribers are served too, in order, only later if need be.
            for (Subscription s : heavy) {
                s.await("p2");
            }
        } finally {
            for (Subscription s : heavy) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName("many distinct heavy selectors, then everyone leaves: the compiled selectors' weight returns to about zero")
    void compiledSelectorsLeaveWithTheirSubscribers() throws Exception {
        TopicSelectors selectors = hub.server().hub().selectors();
        // What earlier tests' subscriptions held must be gone first: wait for them to leave, then
        // for the collector to clear what they compiled.
        for (int i = 0; i < 100 && hub.server().subscribers() > 0; i++) {
            Thread.sleep(50);
        }
        long before = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            before = Math.min(before, settled(selectors, Long.MAX_VALUE));
            Thread.sleep(50);
        }
        List<Subscription> heavy = new ArrayList<>();
        long held;
        try {
            for (int i = 0; i < 40; i++) {
                heavy.add(query(worstTemplates(200 + i)));
                heavy.add(query(worstPatterns(200 + i)));
            }
            assertThat(heavy).allSatisfy(s -> assertThat(s.response().status()).isEqualTo(200));
            held = selectors.compiledBytes();
            assertThat(held).as("what the subscriptions hold").isGreaterThan(before + (8L << 20));
        } finally {
            for (Subscription s : heavy) {
                s.close();
            }
        }
        for (int i = 0; i < 100 && hub.server().subscribers() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(hub.server().subscribers()).isZero();
        assertThat(settled(selectors, before + held / 100)).as("after they left (held %d bytes)", held)
                .isLessThanOrEqualTo(before + held / 100);
    }

    /** The compiled selectors' weight once collections have run, or as soon as it is at most target. */
    private static long settled(TopicSelectors selectors, long target) throws InterruptedException {
        long weight = selectors.compiledBytes();
        for (int i = 0; i < 50 && weight > target; i++) {
            System.gc();
            Thread.sleep(50);
            weight = selectors.compiledBytes();
        }
        if (target == Long.MAX_VALUE) {
            System.gc();
            weight = selectors.compiledBytes();
        }
        return weight;
    }
}
