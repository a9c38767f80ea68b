package dev.quicksilver.example.books;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example as its README runs it, in Chromium: two readers open the page, one logged in and one
 * anonymous; books created, edited and deleted over the REST API change both pages live, and a
 * private book appears only on the page whose cookie grants it.
 */
class BooksBrowserTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext application;
    private static Chromium chromium;
    /** The page's origin: localhost, the host of the hub's URL, so that the hub receives the page's cookie. */
    private static String origin;
    /** Where the test sends its REST requests: another name of the same server, as any client may use. */
    private static String api;

    @BeforeAll
    static void start() {
        int port = FreePort.find();
        origin = "http://localhost:" + port;
        api = "http://127.0.0.1:" + port;
        // application.properties as it is, but on free ports and with a database of its own
        application = SpringApplication.run(BooksApplication.class, "--server.port=" + port, "--mercure.embedded.port=0",
                "--spring.datasource.url=jdbc:h2:mem:books-" + port);
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (application != null) {
            application.close();
        }
    }

    @Test
    void booksChangeLiveAndAPrivateBookReachesOnlyTheLoggedInReader() throws Exception {
        try (BrowserContext aliceContext = chromium.browser().newContext();
                BrowserContext strangerContext = chromium.browser().newContext()) {
            Page alice = open(aliceContext);
            alice.fill("#user", "alice");
            alice.click("button[type=submit]");
            alice.waitForSelector("body[data-live]"); // reloaded, with the cookie
            Page stranger = open(strangerContext);

            long dune = id(send("POST", "/books", "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}", 201));
            assertThat(book(alice, dune)).hasText("Dune by Frank Herbert");
            assertThat(book(stranger, dune)).hasText("Dune by Frank Herbert");

            send("PUT", "/books/" + dune, "{\"title\":\"Dune Messiah\",\"author\":\"Frank Herbert\"}", 200);
            assertThat(book(alice, dune)).hasText("Dune Messiah by Frank Herbert");
            assertThat(book(stranger, dune)).hasText("Dune Messiah by Frank Herbert");

            long diary = id(send("POST", "/books", "{\"title\":\"Diary\",\"author\":\"Alice\",\"private\":true}", 201));
            long marker = id(send("POST", "/books", "{\"title\":\"Emma\",\"author\":\"Jane Austen\"}", 201));
            assertThat(book(alice, diary)).hasText("Diary by Alice (private)");
            // The hub delivers in order: once Emma is on the stranger's page, Diary would be there before it.
            assertThat(book(stranger, marker)).hasText("Emma by Jane Austen");
            assertThat(book(stranger, diary)).hasCount(0);

            send("DELETE", "/books/" + dune, null, 204);
            assertThat(book(alice, dune)).hasCount(0);
            assertThat(book(stranger, dune)).hasCount(0);

            // Made public, the diary reaches the stranger too; a reload shows what GET /books gives each.
            send("PUT", "/books/" + diary, "{\"title\":\"Diary\",\"author\":\"Alice\",\"private\":false}", 200);
            assertThat(book(stranger, diary)).hasText("Diary by Alice");
            assertThat(alice.locator("#books li")).hasCount(2);
            stranger.reload();
            stranger.waitForSelector("body[data-live]");
            assertThat(stranger.locator("#books li")).hasText(new String[] {"Diary by Alice", "Emma by Jane Austen"});
        }
    }

    @Test
    void badInputIsRefusedWithItsReason() throws Exception {
        HttpResponse<String> noTitle = sendRaw("POST", "/books", "{\"author\":\"Nobody\"}");
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body()).contains("title is required");
        assertThat(sendRaw("PUT", "/books/999999", "{\"title\":\"T\",\"author\":\"A\"}").statusCode()).isEqualTo(404);
        assertThat(sendRaw("DELETE", "/books/999999", null).statusCode()).isEqualTo(404);
        assertThat(sendRaw("POST", "/login?user=", null).statusCode()).isEqualTo(400);
    }

    private static Page open(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(origin + "/");
        page.waitForSelector("body[data-live]");
        return page;
    }

    private static Locator book(Page page, long id) {
        return page.locator("#books li[data-id=\"" + id + "\"]");
    }

    private static String send(String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> response = sendRaw(method, path, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }

    private static HttpResponse<String> sendRaw(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long id(String bookJson) {
        return JsonMapper.builder().build().readTree(bookJson).get("id").asLong();
    }
}
