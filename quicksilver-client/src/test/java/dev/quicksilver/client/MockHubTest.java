package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The recording hub an application's tests publish to. */
class MockHubTest {
    /** Application code as it would be written: it knows a Publisher, not which one. */
    private static String sell(Publisher hub, int book) {
        return hub.publish(Update.of("{\"status\":\"sold\"}", "https://example.com/books/" + book));
    }

    @Test
    @DisplayName("records every update in order with the id it answered; reset() forgets them")
    void records() throws Exception {
        MockHub hub = new MockHub();
        String first = sell(hub, 1);
        String second = hub.publishAsync(Update.builder().topic("https://example.com/books/2").data("x").id("mine")
                .privateUpdate(true).build()).get(1, TimeUnit.SECONDS);
        assertThat(first).startsWith("urn:uuid:");
        assertThat(second).isEqualTo("mine");
        assertThat(hub.messages()).extracting(Update::id).containsExactly(first, "mine");
        assertThat(hub.messages().get(0).topics()).containsExactly("https://example.com/books/1");
        assertThat(hub.messages().get(1).isPrivate()).isTrue();
        hub.reset();
        assertThat(hub.messages()).isEmpty();
        sell(hub, 3);
        assertThat(hub.messages()).hasSize(1);
    }

    @Test
    @DisplayName("stands in a registry where production has a MercureHub, with the public URL cookies and links name")
    void inRegistry() {
        MockHub hub = new MockHub("https://hub.test/.well-known/mercure");
        HubRegistry registry = HubRegistry.of("default", hub);
        sell(registry.getDefault(), 4);
        assertThat(hub.messages()).hasSize(1);
        assertThat(AuthorizationCookie.forHub(registry.getDefault().publicUrl()).build("t", "app.hub.test").domain())
                .isEqualTo("hub.test");
    }
}
