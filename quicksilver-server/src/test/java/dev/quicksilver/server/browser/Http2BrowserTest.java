package dev.quicksilver.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.quicksilver.server.support.TestHub;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chromium on the hub over HTTPS: it negotiates HTTP/2, and an EventSource on it receives updates. */
class Http2BrowserTest {
    private static final String TOPIC = "https://example.com/books/1";

    @Test
    @DisplayName("an EventSource over https receives a published update, on an h2 connection")
    void eventSourceOverH2() {
        try (Chromium chromium = new Chromium();
                TestHub hub = TestHub.startTls(SslProvider.OPENSSL, b -> b.anonymous(true));
                BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(hub.uri("/").toString());
            assertThat(page.evaluate("() => performance.getEntriesByType('navigation')[0].nextHopProtocol")).isEqualTo("h2");
            page.evaluate("""
                    topic => {
                      window.received = new Promise(resolve => {
                        const es = new EventSource('/.well-known/mercure?topic=' + encodeURIComponent(topic));
                        es.onopen = () => { window.opened = true; };
                        es.onmessage = e => resolve(e.data);
                      });
                    }""", TOPIC);
            page.waitForFunction("() => window.opened === true");
            assertThat(hub.publish("to the browser over h2", TOPIC).statusCode()).isEqualTo(200);
            assertThat(page.evaluate("() => window.received")).isEqualTo("to the browser over h2");
            Object fetched = page.evaluate("""
                    async () => {
                      await (await fetch('/healthz')).text();
                      for (;;) { // the entry is added once the body has arrived
                        const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith('/healthz'));
                        if (entry) return entry.nextHopProtocol;
                        await new Promise(r => setTimeout(r, 20));
                      }
                    }""");
            assertThat(fetched).isEqualTo("h2");
        }
    }
}
