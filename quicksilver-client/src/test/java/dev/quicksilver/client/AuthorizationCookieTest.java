package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The authorization cookie's attributes, and whether a cookie store would send it to the hub. */
class AuthorizationCookieTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJtZXJjdXJlIjp7fX0.c2ln";

    @Test
    @DisplayName("hub on the application's host: host-only, the hub's path, Secure over https, HttpOnly, SameSite=Strict")
    void sameHost() {
        AuthorizationCookie c = AuthorizationCookie.forHub("https://example.com/.well-known/mercure")
                .maxAge(Duration.ofHours(1)).build(TOKEN, "example.com:443");
        assertThat(c.domain()).isNull();
        assertThat(c.toSetCookie()).isEqualTo("mercureAuthorization=" + TOKEN
                + "; Max-Age=3600; Path=/.well-known/mercure; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    @DisplayName("hub on a subdomain: Domain is the shared parent, which both hosts domain-match (RFC 6265 5.1.3)")
    void subdomain() {
        AuthorizationCookie c = AuthorizationCookie.forHub("https://hub.example.com/.well-known/mercure")
                .build(TOKEN, "www.example.com");
        assertThat(c.domain()).isEqualTo("example.com");
        // a browser keeps it only if the answering host domain-matches it, and sends it where the hub is
        assertThat(domainMatches("www.example.com", c.domain())).isTrue();
        assertThat(domainMatches("hub.example.com", c.domain())).isTrue();
        assertThat(domainMatches("evil.example.org", c.domain())).isFalse();
        AuthorizationCookie parent = AuthorizationCookie.forHub("https://hub.example.com/.well-known/mercure")
                .build(TOKEN, "example.com");
        assertThat(parent.domain()).isEqualTo("example.com");
        assertThat(AuthorizationCookie.forHub("https://mercure.eu.example.com/hub").build(TOKEN, "app.eu.example.com")
                .domain()).isEqualTo("eu.example.com");
    }

    /** RFC 6265 section 5.1.3, for host names. */
    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    @Test
    @DisplayName("hub on another site (or another IP address): refused with a clear message")
    void otherSite() {
        assertThatThrownBy(() -> AuthorizationCookie.forHub("https://hub.example.org/.well-known/mercure")
                .build(TOKEN, "example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another site");
        assertThatThrownBy(() -> AuthorizationCookie.forHub("http://127.0.0.1:8080/.well-known/mercure")
                .build(TOKEN, "127.0.0.2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuthorizationCookie.forHub("http://127.0.0.1:8080/.well-known/mercure").build(TOKEN, "127.0.0.1:9000")
                .toSetCookie()).isEqualTo("mercureAuthorization=" + TOKEN + "; Path=/.well-known/mercure; HttpOnly;"
                + " SameSite=Strict");
    }

    @Test
    @DisplayName("1.0: __Secure-mercure_access_token, which needs an https hub; SameSite=None too")
    void accessTokenName() {
        AuthorizationCookie c = AuthorizationCookie.forHub("https://example.com/.well-known/mercure").accessToken()
                .sameSite(AuthorizationCookie.SameSite.LAX).build(TOKEN, "example.com");
        assertThat(c.toSetCookie()).startsWith("__Secure-mercure_access_token=" + TOKEN + ";").endsWith("SameSite=Lax");
        assertThatThrownBy(() -> AuthorizationCookie.forHub("http://example.com/.well-known/mercure").accessToken()
                .build(TOKEN, "example.com")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> AuthorizationCookie.forHub("http://example.com/.well-known/mercure")
                .sameSite(AuthorizationCookie.SameSite.NONE).build(TOKEN, "example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("clearing: same name, domain and path, empty, Max-Age=0; which a browser matches to the cookie it set")
    void clearing() {
        AuthorizationCookie.Builder b = AuthorizationCookie.forHub("https://hub.example.com/.well-known/mercure");
        AuthorizationCookie set = b.build(TOKEN, "example.com");
        AuthorizationCookie clear = b.clearing("example.com");
        assertThat(set.cleared().toSetCookie()).isEqualTo(clear.toSetCookie());
        assertThat(clear.toSetCookie()).isEqualTo("mercureAuthorization=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
                + " Domain=example.com; Path=/.well-known/mercure; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    @DisplayName("a value that is not a cookie-octet, a bad name or URL: refused")
    void refusals() {
        AuthorizationCookie.Builder b = AuthorizationCookie.forHub("https://example.com/.well-known/mercure");
        assertThatThrownBy(() -> b.build("a;b", "example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.name("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationCookie.forHub("/relative")).isInstanceOf(IllegalArgumentException.class);
    }
}
