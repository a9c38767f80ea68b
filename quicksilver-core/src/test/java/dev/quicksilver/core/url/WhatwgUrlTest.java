package dev.quicksilver.core.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhatwgUrlTest {
    private static String href(String input) {
        return WhatwgUrl.parse(input).map(WhatwgUrl::href).orElse("FAILURE");
    }

    private static String href(String input, String base) {
        return WhatwgUrl.parse(input, base).map(WhatwgUrl::href).orElse("FAILURE");
    }

    private static String host(String input) {
        return WhatwgUrl.parse(input).map(WhatwgUrl::hostname).orElse("FAILURE");
    }

    @Test
    void specialSchemesGetAnAuthorityAndAPath() {
        WhatwgUrl url = WhatwgUrl.parse("HTTPS://User:Pa%20ss@Example.COM:8443/a/b?q=1#f").orElseThrow();
        assertThat(url.protocol()).isEqualTo("https:");
        assertThat(url.scheme()).isEqualTo("https");
        assertThat(url.username()).isEqualTo("User");
        assertThat(url.password()).isEqualTo("Pa%20ss");
        assertThat(url.hostname()).isEqualTo("example.com");
        assertThat(url.host()).isEqualTo("example.com:8443");
        assertThat(url.port()).isEqualTo("8443");
        assertThat(url.portNumber()).hasValue(8443);
        assertThat(url.pathname()).isEqualTo("/a/b");
        assertThat(url.search()).isEqualTo("?q=1");
        assertThat(url.query()).hasValue("q=1");
        assertThat(url.hash()).isEqualTo("#f");
        assertThat(url.fragment()).hasValue("f");
        assertThat(url.isSpecial()).isTrue();
        assertThat(url.href()).isEqualTo("https://User:Pa%20ss@example.com:8443/a/b?q=1#f");
        assertThat(href("https:example.org")).isEqualTo("https://example.org/");
        assertThat(href("https://////example.com///")).isEqualTo("https://example.com///");
        assertThat(href("http://example.com")).isEqualTo("http://example.com/");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://example.com:80/, http://example.com/",
        "https://example.com:443/, https://example.com/",
        "ws://example.com:80/, ws://example.com/",
        "wss://example.com:443/, wss://example.com/",
        "ftp://example.com:21/, ftp://example.com/",
        "http://example.com:0080/, http://example.com/",
        "http://example.com:443/, http://example.com:443/",
        "https://example.com:80/, https://example.com:80/",
        "foo://example.com:80/, foo://example.com:80/",
        "http://example.com:/, http://example.com/",
        "http://example.com:65536/, FAILURE",
        "http://example.com:8a/, FAILURE",
    })
    void defaultPortsAreElided(String input, String expected) {
        assertThat(href(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} against {1} -> {2}")
    @CsvSource({
        "https://example.com/a/b/../c/./d, , https://example.com/a/c/d",
        "https://example.com/a/%2e%2E/b/%2e, , https://example.com/b/",
        "https://example.com/../../x, , https://example.com/x",
        "https://example.com/a/.., , https://example.com/",
        "../x, https://example.com/a/b/c, https://example.com/a/x",
        "./x?y#z, https://example.com/a/b, https://example.com/a/x?y#z",
        "/books/1, https://hub.example.com/.well-known/mercure, https://hub.example.com/books/1",
        "//other.example/p, https://example.com/a, https://other.example/p",
        "?q, https://example.com/a?x#y, https://example.com/a?q",
        "#h, https://example.com/a?x#y, https://example.com/a?x#h",
        "'', https://example.com/a?x#y, https://example.com/a?x",
        "x, mailto:a@b, FAILURE",
        "#f, mailto:a@b, mailto:a@b#f",
        "books/1, , FAILURE",
        "https:foo.html, https://example.org/dir/, https://example.org/dir/foo.html",
        "file:///C:/x/../../y, , file:///C:/y",
        "file://localhost/etc/hosts, , file:///etc/hosts",
        "web+demo:/.//not-a-host/, , web+demo:/.//not-a-host/",
    })
    void dotSegmentsAndRelativeReferencesResolve(String input, String base, String expected) {
        assertThat(base == null ? href(input) : href(input, base)).isEqualTo(expected);
    }

    @Test
    void backslashesAreSlashesInSpecialUrlsOnly() {
        assertThat(href("https:\\\\example.com\\a\\b")).isEqualTo("https://example.com/a/b");
        assertThat(href("\\x\\..\\demo/.\\", "https://example.com/")).isEqualTo("https://example.com/demo/");
        assertThat(href("foo:/a\\b")).isEqualTo("foo:/a\\b");
    }

    @Test
    void spacesAndNonAsciiArePercentEncodedPerComponent() {
        assertThat(href("https://example.com/a b/é?q=a b'é#a b`é"))
                .isEqualTo("https://example.com/a%20b/%C3%A9?q=a%20b%27%C3%A9#a%20b%60%C3%A9");
        assertThat(href("foo://h/p?q='")).isEqualTo("foo://h/p?q='");
        assertThat(href("https://example.com/{}^|")).isEqualTo("https://example.com/%7B%7D%5E|");
        assertThat(href("https://example.com/%zz%41")).isEqualTo("https://example.com/%zz%41");
        // an opaque path keeps spaces, except one right before the query or fragment
        assertThat(href("urn:a b?c")).isEqualTo("urn:a b?c");
        assertThat(href("urn:a ?c")).isEqualTo("urn:a%20?c");
        // lone surrogates are scalar-value converted first
        assertThat(href("https://example.com/\uD800")).isEqualTo("https://example.com/%EF%BF%BD");
    }

    @Test
    void controlsAreTrimmedAndTabsAndNewlinesRemoved() {
        assertThat(href(" \u0000https://ex\tam\nple.com/a\r\nb \u001F")).isEqualTo("https://example.com/ab");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://127.0.0.1/, 127.0.0.1",
        "http://0x7f.1/, 127.0.0.1",
        "http://2130706433/, 127.0.0.1",
        "http://017700000001/, 127.0.0.1",
        "http://127.1/, 127.0.0.1",
        "http://127.0.0.1./, 127.0.0.1",
        "http://0x/, 0.0.0.0",
        "http://4294967295/, 255.255.255.255",
        "http://%31%32%37.0.0.1/, 127.0.0.1",
        "http://4294967296/, FAILURE",
        "http://1.2.3.4.5/, FAILURE",
        "http://256.1.1.1/, FAILURE",
        "http://09.1/, FAILURE",
        "http://example.255/, FAILURE",
        "http://1.2.3.x/, 1.2.3.x",
        "foo://127.1/, 127.1",
    })
    void ipv4AcceptsTheLegacyForms(String input, String expected) {
        assertThat(host(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://[0:0:0:0:0:0:0:1]/, [::1]",
        "http://[::]/, [::]",
        "http://[2001:DB8:0:0:1:0:0:1]/, [2001:db8::1:0:0:1]",
        "http://[2001:db8:0:0:0:0:2:1]/, [2001:db8::2:1]",
        "http://[1:0:1:0:1:0:1:0]/, [1:0:1:0:1:0:1:0]",
        "http://[::ffff:192.168.0.1]/, [::ffff:c0a8:1]",
        "foo://[::1]/, [::1]",
        "http://[1::2::3]/, FAILURE",
        "http://[::1/, FAILURE",
        "http://[1:2:3:4:5:6:7:8:9]/, FAILURE",
        "http://[1:2:3]/, FAILURE",
        "http://[::127.0.0.1.2]/, FAILURE",
        "http://[www.example.com]/, FAILURE",
    })
    void ipv6IsCompressed(String input, String expected) {
        assertThat(host(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://exa mple.com/",
        "https://a<b/",
        "https://a%zz/",
        "https://exa%23mple.org/",
        "https://a^b/",
        "http:///",
        "https://user@/",
        "https://:443/",
        "foo://exa[mple.org/",
        "https://xn--/",
        "https://a\u200Db/",
        "http://[/",
    })
    void invalidHostsFailToParse(String input) {
        assertThat(WhatwgUrl.parse(input)).isEmpty();
    }

    @Test
    void internationalizedDomainsBecomePunycode() {
        assertThat(host("https://café.COM/")).isEqualTo("xn--caf-dma.com");
        assertThat(host("https://\uD83D\uDEB2.com/")).isEqualTo("xn--h78h.com");
        assertThat(host("https://faß.de/")).isEqualTo("xn--fa-hia.de");
        assertThat(host("https://ＥＸＡＭＰＬＥ。com/")).isEqualTo("example.com");
        assertThat(host("https://xn--caf-dma.com/")).isEqualTo("xn--caf-dma.com");
        assertThat(host("https://XN--FA-HIA.de/")).isEqualTo("xn--fa-hia.de");
        assertThat(host("https://xn--abc-.com/")).isEqualTo("FAILURE");
        assertThat(host("foo://café.com/")).isEqualTo("caf%C3%A9.com");
    }

    @Test
    void opaqueAndNonSpecialUrlsKeepTheirPath() {
        WhatwgUrl urn = WhatwgUrl.parse("urn:uuid:123").orElseThrow();
        assertThat(urn.scheme()).isEqualTo("urn");
        assertThat(urn.hasHost()).isFalse();
        assertThat(urn.hasOpaquePath()).isTrue();
        assertThat(urn.pathname()).isEqualTo("uuid:123");
        assertThat(href("mailto:User@Example.COM")).isEqualTo("mailto:User@Example.COM");
        assertThat(href("git://GitHub.com/a/../b")).isEqualTo("git://GitHub.com/b");
    }

    @Test
    void resolveUsesTheParsedBase() {
        WhatwgUrl base = WhatwgUrl.parse("https://hub.example.com/.well-known/mercure").orElseThrow();
        assertThat(base.resolve("/books/1").map(WhatwgUrl::href)).hasValue("https://hub.example.com/books/1");
        assertThat(WhatwgUrl.parse("/x", "not a url")).isEmpty();
    }

    @Test
    void componentParsersCanonicalizeOneComponent() {
        assertThat(ComponentParsers.hostname("EXAMPLE.com/ignored")).hasValue("example.com");
        assertThat(ComponentParsers.hostname("a:b")).isEmpty();
        assertThat(ComponentParsers.port("443", null)).hasValue("");
        assertThat(ComponentParsers.port("443", "http")).hasValue("443");
        assertThat(ComponentParsers.port("8080x", "http")).hasValue("8080");
        assertThat(ComponentParsers.port("70000", "http")).isEmpty();
        assertThat(ComponentParsers.path("/a b/../c?d#e")).isEqualTo("/c%3Fd%23e");
        assertThat(ComponentParsers.opaquePath("a b ?c")).isEqualTo("a b%20");
        assertThat(ComponentParsers.query("a b#'")).isEqualTo("a%20b%23%27");
        assertThat(ComponentParsers.fragment("a b`")).isEqualTo("a%20b%60");
        assertThat(ComponentParsers.username("a@b:c")).isEqualTo("a%40b%3Ac");
    }

    /** the parser answers (a URL or empty) for any input, and never hangs */
    @Test
    void fuzzedInputsNeverThrow() {
        String[] alphabet = {"a", "Z", "0", "9", ".", "..", "/", "\\", ":", "@", "?", "#", "%", "%2e", "%zz", "[",
            "]", "::", " ", "\t", "\n", "\u0000", "é", "\uD83D\uDEB2", "\uD800", "ß", "\u200D", "xn--", "0x",
            "http:", "https://", "file:", "//", "localhost", "C:", "|", "<", "^", "'", "255", "4294967296"};
        Random random = new Random(20240611L);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                String input = randomString(random, alphabet);
                String base = random.nextBoolean() ? null : "https://example.com/a/b?c#d";
                Optional<WhatwgUrl> url = WhatwgUrl.parse(input, base);
                // a parsed URL reparses to itself (the standard's idempotence goal)
                url.ifPresent(u -> assertThat(href(u.href())).as(input).isEqualTo(u.href()));
            }
        });
    }

    private static String randomString(Random random, String[] alphabet) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(16);
        for (int i = 0; i < n; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }
}
