package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape check a bearer token passes before any parsing: three base64url parts, the first not empty. */
class CompactJwsTest {

    @ParameterizedTest(name = "a compact JWS: \"{0}\"")
    @ValueSource(strings = {"a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.sig-_0", "a..", "A-_z09.x."})
    void accepted(String token) {
        assertThat(Credentials.isCompactJws(token)).isTrue();
    }

    @ParameterizedTest(name = "not a compact JWS: \"{0}\"")
    @ValueSource(strings = {"", "a", "a.b", ".b.c", "a.b.c.d", "a.b.c=", "a b.c.d", "a.b+.c", "a.b/.c", "é.b.c"})
    void refused(String token) {
        assertThat(Credentials.isCompactJws(token)).isFalse();
    }
}
