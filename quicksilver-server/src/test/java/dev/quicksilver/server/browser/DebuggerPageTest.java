package dev.quicksilver.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.quicksilver.server.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The debugger page served in demo mode: subscribe, publish from the browser, see the event. */
class DebuggerPageTest {
    private static Chromium chromium;
    private static TestHub hub;
    private static TestHub playground;

    @BeforeAll
    static void start() {
        chromium = new Chromium();
        hub = TestHub.start(b -> b.features(f -> f.demo(true)).anonymous(true));
        // A 1.0-only hub in playground mode: no key to paste, the page asks the hub for a token.
        playground = TestHub.start(b -> b.anonymous(true).features(f -> f.legacy(false))
                .auth(a -> a.playground(true).publisherKeys(java.util.List.of()).subscriberKeys(java.util.List.of())));
    }

    @AfterAll
    static void stop() {
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

    @Test
    @DisplayName("subscribe to a template, publish with a token, the event appears; a bad token shows the error")
    void subscribeAndPublish() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + hub.port() + "/");
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
    @DisplayName("1.0 debugger at /.well-known/mercure/debug/: playground token, URL Pattern, a private update")
    void playgroundPage() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + playground.port() + "/.well-known/mercure/debug/");
            page.click("#playground");
            assertThat(page.locator("#playground-status")).containsText("playground token");
            page.selectOption("#match-type", "match_urlpattern");
            page.fill("#topics", "https://example.com/books/:id");
            page.click("#subscribe");
            assertThat(page.locator("#subscribe-status")).hasText("connected");
            page.fill("#pub-topics", "https://example.com/books/7");
            page.fill("#data", "private to the playground");
            page.check("#private");
            page.click("#publish");
            assertThat(page.locator("#publish-status")).containsText("published urn:uuid:");
            assertThat(page.locator("#events li").first()).containsText("private to the playground");
        }
    }
}
