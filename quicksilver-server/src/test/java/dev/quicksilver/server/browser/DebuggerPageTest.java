package dev.quicksilver.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.support.SseClient;
import dev.quicksilver.server.support.SseEvent;
import dev.quicksilver.server.support.TestHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The debugger page in Chromium against real hubs: subscribe and publish, header and cookie
 * authorization, discovery from a resource served by another origin, the presence list, copy as
 * curl (the commands are run), the token builder and the live view (docs/debugger.md).
 */
class DebuggerPageTest {
    /** A 1.0 issuer of the demo hub, for the token builder. */
    private static final String ISSUER = "https://issuer.example";
    private static final String ISSUER_SECRET = "debugger-issuer-secret-0123456789abcdef";

    private static Chromium chromium;
    private static TestHub hub;
    private static TestHub playground;
    private static HttpServer resources;

    @BeforeAll
    static void start() throws IOException {
        chromium = new Chromium();
        KeySpec issuerKey = new KeySpec(ISSUER_SECRET, "HS256", Dialect.OAUTH, "test");
        hub = TestHub.start(b -> b.features(f -> f.demo(true).subscriptions(true)).anonymous(true)
                .auth(a -> a.authorizationQuery(true).issuers(List.of(new IssuerSpec(ISSUER, Dialect.OAUTH, List.of(issuerKey),
                        List.of(issuerKey), null, null, "test")))));
        // A 1.0-only hub in playground mode: no key to paste, the page asks the hub for a token.
        playground = TestHub.start(b -> b.anonymous(true).features(f -> f.legacy(false).subscriptions(true))
                .auth(a -> a.playground(true).publisherKeys(List.of()).subscriberKeys(List.of())));
        resources = resourceServer("http://127.0.0.1:" + hub.port() + "/.well-known/mercure");
    }

    /**
     * Another origin than the hub's, as an application would be: {@code /books/1} advertises the
     * hub with Link headers and exposes them to pages of any origin; {@code /hidden} sends them
     * without exposing them.
     */
    private static HttpServer resourceServer(String hubUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("Link", "<" + hubUrl + ">; rel=\"mercure\"");
            exchange.getResponseHeaders().add("Link", "</books/1>; rel=\"self\"");
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if (!path.equals("/hidden")) {
                exchange.getResponseHeaders().set("Access-Control-Expose-Headers", "Link");
            }
            byte[] body = "{\"title\":\"Dune\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        if (resources != null) {
            resources.stop(0);
        }
        if (hub != null) {
            hub.close();
        }
        if (playground != null) {
            playground.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private static Page open(BrowserContext context, TestHub on, String path) {
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + on.port() + path);
        return page;
    }

    @Test
    @DisplayName("subscribe to a template, publish with a token, the event appears; a bad token shows the error")
    void subscribeAndPublish() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/");
            page.selectOption("#match-type", "topic");
            page.fill("#topics", "https://example.com/books/{id}");
            page.click("#subscribe");
            assertThat(page.locator("#subscribe-status")).hasText("connected");
            page.fill("#jwt", TestHub.allAccess());
            page.fill("#pub-topics", "https://example.com/books/42");
            page.fill("#data", "hello from the debugger");
            page.fill("#pub-id", "debugger-1");
            page.click("#publish");
            assertThat(page.locator("#publish-status")).hasText("published debugger-1");
            assertThat(page.locator("#events li").first()).containsText("hello from the debugger");
            assertThat(page.locator("#events li").first()).containsText("id: debugger-1");

            page.fill("#jwt", "not.a.token");
            page.click("#publish");
            assertThat(page.locator("#publish-status")).containsText("401");
        }
    }

    @Test
    @DisplayName("header authorization: a private update published with retry from the page arrives with its id, "
            + "retry and the time it was received")
    void headerAuthorizationAndRetry() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.fill("#jwt", TestHub.allAccess());
            page.check("input[name=auth][value=header]");
            page.fill("#pub-id", "private-1");
            page.fill("#retry", "2500");
            privateRoundTrip(page, "match", "https://example.com/private/1", "https://example.com/private/1",
                    "for token holders");
            assertThat(page.locator("#publish-status")).hasText("published private-1");
            Locator event = page.locator("#events li").first();
            assertThat(event).containsText("id: private-1");
            assertThat(event).containsText("retry: 2500");
            assertThat(event).containsText(Pattern.compile("received \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));
            assertThat(event.locator("time")).hasAttribute("datetime", Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT"));
        }
    }

    @Test
    @DisplayName("cookie authorization: the page puts the token in the authorization cookie and a private update "
            + "published elsewhere arrives")
    void cookieAuthorization() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.check("input[name=auth][value=cookie]");
            page.fill("#jwt", TestHub.allAccess());
            assertThat(page.locator("#auth-note")).containsText("mercureAuthorization cookie");
            page.fill("#topics", "https://example.com/cookie/1");
            page.click("#subscribe");
            assertThat(page.locator("#subscribe-status")).hasText("connected");
            assertThat(hub.post(TestHub.allAccess(), "topic=" + enc("https://example.com/cookie/1")
                    + "&data=by+cookie&private=on&id=cookie-1").statusCode()).isEqualTo(200);
            assertThat(page.locator("#events li").first()).containsText("by cookie");
            assertThat(page.locator("#events li").first()).containsText("id: cookie-1");
            assertThat(context.cookies().stream().anyMatch(c -> c.name.equals("mercureAuthorization"))).isTrue();
        }
    }

    @Test
    @DisplayName("query authorization (authorization-query on): the token rides in the URL of the stream and of its "
            + "curl command")
    void queryAuthorization() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.check("input[name=auth][value=query]");
            page.fill("#jwt", TestHub.allAccess());
            page.fill("#topics", "https://example.com/query/1");
            assertThat(page.locator("#subscribe-curl")).hasValue(Pattern.compile("[?&]authorization=ey"));
            assertThat(page.locator("#subscribe-curl")).not().hasValue(Pattern.compile("Bearer"));
            page.click("#subscribe");
            assertThat(page.locator("#subscribe-status")).hasText("connected");
            assertThat(hub.post(TestHub.allAccess(), "topic=" + enc("https://example.com/query/1")
                    + "&data=by+query&private=on").statusCode()).isEqualTo(200);
            assertThat(page.locator("#events li").first()).containsText("by query");
        }
    }

    @Test
    @DisplayName("discovery: the Link headers of a resource on another origin fill the hub URL (rel=mercure) and the "
            + "topic (rel=self); unexposed headers get a message that says what the resource must send")
    void discovery() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.fill("#hub", "http://127.0.0.1:1/.well-known/mercure");
            String resource = "http://127.0.0.1:" + resources.getAddress().getPort();
            page.fill("#resource", resource + "/books/1");
            page.click("#discover");
            assertThat(page.locator("#discover-status")).containsText("hub http://127.0.0.1:" + hub.port());
            assertThat(page.locator("#hub")).hasValue("http://127.0.0.1:" + hub.port() + "/.well-known/mercure");
            assertThat(page.locator("#topics")).hasValue(resource + "/books/1");
            assertThat(page.locator("#discovered li")).hasCount(2);

            page.fill("#resource", resource + "/hidden");
            page.press("#resource", "Enter");
            assertThat(page.locator("#discover-status")).containsText("Access-Control-Expose-Headers: Link");
        }
    }

    @Test
    @DisplayName("presence: the list of active subscriptions shows a second subscriber when it connects and drops it "
            + "when it leaves")
    void presence() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.fill("#jwt", TestHub.allAccess());
            page.click("#presence-watch");
            assertThat(page.locator("#presence-status")).containsText("watching");
            String topic = "https://example.com/presence/" + UUID.randomUUID();
            try (SseClient other = hub.subscribe(topic)) {
                assertThat(other.status()).isEqualTo(200);
                assertThat(page.locator("#presence")).containsText(topic);
            }
            assertThat(page.locator("#presence")).not().containsText(topic);
        }
    }

    @Test
    @DisplayName("copy as curl: the page's subscribe and publish commands, run by a shell, subscribe and publish")
    void copyAsCurl() throws Exception {
        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("clipboard-read", "clipboard-write")))) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            String topic = "https://example.com/curl/it's/" + UUID.randomUUID();
            page.fill("#jwt", TestHub.allAccess());
            page.fill("#topics", topic);
            page.fill("#pub-topics", topic);
            page.fill("#data", "sent by 'curl' & co");
            page.fill("#pub-id", "curl-1");
            page.fill("#retry", "1234");
            page.check("#private");
            String subscribe = page.inputValue("#subscribe-curl");
            String publish = page.inputValue("#publish-curl");
            assertThat(subscribe).startsWith("curl -N -H 'Authorization: Bearer ");
            assertThat(publish).contains("--data-urlencode 'retry=1234'");

            Process subscriber = new ProcessBuilder("bash", "-c", "exec " + subscribe + " -sS")
                    .redirectErrorStream(true).start();
            try {
                // The stream's opening comment: curl is subscribed (other tests' subscriptions on this
                // hub may come and go meanwhile, so their count would not say it).
                assertThat(readUntil(subscriber.getInputStream(), ":\n")).as("curl subscribed").startsWith(":");
                Process publisher = new ProcessBuilder("bash", "-c", publish + " -sS").redirectErrorStream(true).start();
                assertThat(publisher.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(publisher.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("curl-1");
                String received = readUntil(subscriber.getInputStream(), "data: sent by 'curl' & co");
                assertThat(received).contains("id: curl-1").contains("retry: 1234");
            } finally {
                subscriber.destroy();
                subscriber.waitFor(5, TimeUnit.SECONDS);
            }
            page.click("#copy-publish");
            assertThat(page.locator("#copy-publish-status")).hasText("copied");
            assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(publish);
        }
    }

    /** What the stream printed until it printed this text (fails after 10 s). */
    private static String readUntil(InputStream in, String wanted) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString(StandardCharsets.UTF_8).contains(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("curl printed no \"" + wanted + "\": " + out.toString(StandardCharsets.UTF_8));
            }
            if (in.available() > 0) {
                out.write(in.read());
            } else {
                Thread.sleep(10);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("token builder: a 1.0 token signed in the browser with the issuer's key (iss and aud from the hub) "
            + "is accepted for subscribing and publishing; a wrong key's is refused")
    void tokenBuilder() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            assertThat(page.locator("#tb-iss")).hasValue(ISSUER);
            assertThat(page.locator("#tb-aud")).hasValue(hub.server().hub().publicUrl());
            page.selectOption("#tb-format", "oauth");
            page.fill("#tb-subscribe", "https://example.com/built/:id");
            page.check("#tb-urlpattern");
            page.fill("#tb-publish", "*");
            page.fill("#tb-key", ISSUER_SECRET);
            page.click("#tb-build");
            assertThat(page.locator("#tb-status")).containsText("built");
            String token = page.inputValue("#tb-token");
            assertThat(hub.post(token, "topic=" + enc("https://example.com/built/1") + "&data=x").statusCode())
                    .as("the hub accepts the built token").isEqualTo(200);
            page.click("#tb-use");
            assertThat(page.locator("#jwt")).hasValue(token);
            privateRoundTrip(page, "match_urlpattern", "https://example.com/built/:id", "https://example.com/built/7",
                    "built and private");

            page.fill("#tb-key", "not-the-issuer-secret-0123456789abcdef");
            page.click("#tb-build");
            assertThat(hub.post(page.inputValue("#tb-token"), "topic=x&data=x").statusCode()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("token builder: a 0.x token (mercure claim) signed with the hub's key subscribes to private updates")
    void legacyTokenBuilder() throws Exception {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.selectOption("#tb-format", "legacy");
            page.fill("#tb-subscribe", "https://example.com/legacy/{id}");
            page.fill("#tb-publish", "");
            page.fill("#tb-key", TestHub.SECRET);
            page.click("#tb-build");
            assertThat(page.locator("#tb-status")).containsText("built");
            String token = page.inputValue("#tb-token");
            try (SseClient s = hub.subscribeWithToken(token, "https://example.com/legacy/{id}")) {
                assertThat(s.status()).isEqualTo(200);
                hub.post(TestHub.allAccess(), "topic=" + enc("https://example.com/legacy/3") + "&data=only+for+you&private=on");
                SseEvent e = s.next(Duration.ofSeconds(5));
                assertThat(e).isNotNull();
                assertThat(e.data()).isEqualTo("only for you");
            }
            assertThat(hub.post(token, "topic=x&data=x").statusCode()).as("no publish grant").isEqualTo(403);
        }
    }

    @Test
    @DisplayName("live view: the hub's connections (this page's own stream counts) and publishes per second")
    void liveView() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hub, "/.well-known/mercure/debug/");
            page.fill("#topics", "https://example.com/live");
            page.click("#subscribe");
            assertThat(page.locator("#subscribe-status")).hasText("connected");
            assertThat(page.locator("#live-subscribers")).hasText(Pattern.compile("^[1-9]\\d*$"));
            assertThat(page.locator("#live-publishes")).hasText(Pattern.compile("^\\d+\\.\\d$"));
            page.click("#live-toggle");
            assertThat(page.locator("#live-toggle")).hasAttribute("aria-pressed", "false");
        }
    }

    @Test
    @DisplayName("1.0 debugger at /.well-known/mercure/debug/: playground token, URL Pattern, a private update, the "
            + "presence list in the 1.0 shape")
    void playgroundPage() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, playground, "/.well-known/mercure/debug/");
            page.click("#playground");
            assertThat(page.locator("#playground-status")).containsText("playground token");
            privateRoundTrip(page, "match_urlpattern", "https://example.com/books/:id", "https://example.com/books/7",
                    "private to the playground");
            // The 1.0 shape of the subscriptions API and events: the page's own subscription is listed.
            page.click("#presence-watch");
            assertThat(page.locator("#presence")).containsText("urlpattern https://example.com/books/:id");
        }
    }

    /** Subscribes the page with this selector, publishes a private update from the page and sees it arrive. */
    private static void privateRoundTrip(Page page, String matchType, String selector, String topic, String data) {
        page.selectOption("#match-type", matchType);
        page.fill("#topics", selector);
        page.click("#subscribe");
        assertThat(page.locator("#subscribe-status")).hasText("connected");
        page.fill("#pub-topics", topic);
        page.fill("#data", data);
        page.check("#private");
        page.click("#publish");
        assertThat(page.locator("#publish-status")).containsText("published ");
        assertThat(page.locator("#events li").first()).containsText(data);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
