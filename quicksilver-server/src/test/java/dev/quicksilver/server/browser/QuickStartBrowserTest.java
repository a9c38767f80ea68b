package dev.quicksilver.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.support.TestHub;
import dev.quicksilver.server.support.Tokens;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The talk's quick start in a real browser: a page on another origin opens
 * {@code new EventSource('http://localhost:PORT/hub?topic=...')} and receives what curl publishes;
 * a targeted update reaches the page whose {@code mercureAuthorization} cookie (path /hub) lists
 * the target, with {@code withCredentials: true}, and no other page.
 */
class QuickStartBrowserTest {
    private static final String KEY = "!ChangeMe!";
    /** The talk's token: {"mercure":{"publish":[]}} signed with !ChangeMe!. */
    private static final String TALK_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0.Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0";
    private static final String USER = "http://example.com/users/1234";
    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>app</title>
            <script>
            window.received = [];
            window.openStream = (url, withCredentials) => new Promise((resolve, reject) => {
              const es = new EventSource(url, {withCredentials});
              es.onopen = () => resolve(true);
              es.onerror = () => reject(new Error('EventSource error'));
              es.onmessage = (e) => window.received.push({data: e.data, id: e.lastEventId});
            });
            </script>""";

    private static Chromium chromium;
    private static PageServer pageServer;
    private static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        pageServer = new PageServer(PAGE);
        // The talk's variables; the page's origin stands in for http://localhost:8000.
        hub = TestHub.start(ConfigLoader.load(Map.of("ADDR", "127.0.0.1:0", "JWT_KEY", KEY,
                "CORS_ALLOWED_ORIGINS", pageServer.origin(), "DEMO", "1"), Map.of()).config());
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (pageServer != null) {
            pageServer.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private static String hubUrl(String query) {
        return "http://localhost:" + hub.port() + "/hub?" + query;
    }

    private static void curl(String token, String form) {
        int status = TestHub.send(HttpRequest.newBuilder(hub.uri("/hub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()).statusCode();
        assertThat(status).isEqualTo(200);
    }

    private static Page open(BrowserContext context, String streamUrl, boolean withCredentials) {
        Page page = context.newPage();
        page.navigate(pageServer.origin() + "/");
        page.evaluate("([url, creds]) => window.openStream(url, creds)", List.of(streamUrl, withCredentials));
        return page;
    }

    @SuppressWarnings("unchecked")
    private static List<String> received(Page page) {
        List<Map<String, Object>> events = (List<Map<String, Object>>) page.evaluate("window.received");
        return events.stream().map(e -> (String) e.get("data")).toList();
    }

    private static List<String> waitFor(Page page, int count) {
        page.waitForFunction("n => window.received.length >= n", count);
        return received(page);
    }

    @Test
    @DisplayName("EventSource on another origin receives the update published with the talk's curl")
    void eventSourceReceives() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hubUrl("topic=http://example.com/my-resource"), false);
            curl(TALK_TOKEN, "topic=http://example.com/my-resource&data=My payload");
            assertThat(waitFor(page, 1)).containsExactly("My payload");
        }
    }

    @Test
    @DisplayName("several topic parameters and the template http://example.com/resources/{id}")
    void topicsAndTemplate() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = open(context, hubUrl("topic=http://example.com/my-resource&topic="
                    + TestHub.encode("http://example.com/resources/{id}")), false);
            String token = TALK_TOKEN;
            curl(token, "topic=http://example.com/elsewhere&data=not for me");
            curl(token, "topic=http://example.com/resources/7&data=templated");
            curl(token, "topic=http://example.com/my-resource&data=exact");
            assertThat(waitFor(page, 2)).containsExactly("templated", "exact");
        }
    }

    @Test
    @DisplayName("a targeted update reaches only the browser whose cookie lists the target")
    void targetedThroughCookie() {
        String publisher = Tokens.mercure(KEY, "[\"" + USER + "\"]", null);
        String subscriber = Tokens.mercure(KEY, null, "[\"" + USER + "\"]");
        try (BrowserContext alice = chromium.browser().newContext();
                BrowserContext stranger = chromium.browser().newContext()) {
            alice.addCookies(List.of(new Cookie("mercureAuthorization", subscriber)
                    .setDomain("localhost").setPath("/hub").setHttpOnly(true)));
            String stream = hubUrl("topic=http://example.com/books/1");
            Page alicePage = open(alice, stream, true);
            Page strangerPage = open(stranger, stream, true);
            curl(publisher, "topic=http://example.com/books/1&data=for 1234&target=" + TestHub.encode(USER));
            curl(publisher, "topic=http://example.com/books/1&data=public");
            assertThat(waitFor(alicePage, 2)).containsExactly("for 1234", "public");
            assertThat(waitFor(strangerPage, 1)).containsExactly("public");
        }
    }
}
