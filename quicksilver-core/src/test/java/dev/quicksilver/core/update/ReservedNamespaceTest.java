package dev.quicksilver.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A topic whose path, resolved as a URL reference against the hub URL with the WHATWG rules, is
 * {@code /.well-known/mercure} or below, is reserved (Mercure draft-08 "Publication" and "Reserved
 * Hub Namespace"). Vectors from the reference hub's reservedtopic_test.go plus URL Standard edge cases.
 */
@DisplayName("ReservedNamespace: draft-08 Reserved Hub Namespace, with the reference hub's vectors")
class ReservedNamespaceTest {

    @ParameterizedTest(name = "reserved: \"{0}\"")
    @ValueSource(strings = {
        "https://example.com/.well-known/mercure",
        "http://other.example/.well-known/mercure/x",
        "/.well-known/mercure/subscriptions/foo",
        "mercure/subscriptions/foo",
        "https://example.com/.well-known/%6Dercure/subscriptions/x",
        "/.well-known/me%72cure/x",
        "https://example.com\\.well-known\\mercure\\subscriptions\\x",
        ""
    })
    void protocolReserved(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }

    @ParameterizedTest(name = "allowed: \"{0}\"")
    @ValueSource(strings = {
        "https://example.com/.well-known/mercureXXX",
        "https://example.com/.well-known/mercure-dashboard",
        "https://example.com/foo/.well-known/mercure/bar",
        "subscriptions/foo",
        "../mercure/x",
        "urn:example:mercure",
        "a topic with spaces"
    })
    void protocolAllowed(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isFalse();
    }

    @ParameterizedTest(name = "reference test, reserved: \"{0}\"")
    @ValueSource(strings = {
        "https://example.com/.well-known/mercure/subscriptions/foo",
        "https://example.com/.well-known/%6dercure",
        "mercure",
        "mercure/"
    })
    void moreReserved(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }

    @ParameterizedTest(name = "reference test, allowed: \"{0}\"")
    @ValueSource(strings = {"bar", "../mercure/subscriptions/x", "mercureX", "https://example.com/"})
    void moreAllowed(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isFalse();
    }

    @ParameterizedTest(name = "dot segments, reserved: \"{0}\"")
    @ValueSource(strings = {
        "/foo/../.well-known/mercure",
        "/foo/%2e%2e/.well-known/mercure",
        "/foo/.%2E/.well-known/mercure/x",
        "/./.well-known/./mercure/x",
        "/.well-known/%2e/mercure",
        "/.well-known/mercure/.",
        "/.well-known/mercure/x/..",
        "https://example.com/a/b/../../.well-known/mercure",
        "/%2Ewell-known/mercure",
        "/.well-known/%6D%65%72%63%75%72%65"
    })
    void dotSegmentsReserved(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }

    @ParameterizedTest(name = "dot segments, allowed: \"{0}\"")
    @ValueSource(strings = {
        "/.well-known/mercure/%2e%2e/x",
        "/.well-known/mercure/../x",
        "/.well-known/mercure/..",
        "/.well-known/mercure/x/../../y",
        "/.well-known/mercure%2Fsubscriptions",
        "/.WELL-KNOWN/mercure",
        "/.well-known/Mercure"
    })
    void dotSegmentsAllowed(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isFalse();
    }

    @ParameterizedTest(name = "schemes, reserved: \"{0}\"")
    @ValueSource(strings = {
        "foo:/.well-known/mercure",
        "foo://host/.well-known/mercure/x",
        "HTTPS://EXAMPLE.COM/.well-known/mercure",
        "https:mercure/x",
        "https:/.well-known/mercure/subscriptions/x",
        "https:\\.well-known\\mercure",
        "https:",
        "https:?x",
        "//example.com/.well-known/mercure",
        "\\\\example.com\\.well-known\\mercure",
        "wss://example.com/.well-known/mercure",
        "file:///.well-known/mercure",
        "file://host/.well-known/mercure/x",
        "file:/.well-known/mercure",
        "https://example.com:8443/.well-known/mercure?x#y",
        "https://user:pw@example.com/.well-known/mercure",
        "https://example.com/.well-\nknown/mercure",
        "https://example.com/.well-kno\twn/mer\rcure",
        "https://example.com/%2Ewell-known/mercure"
    })
    void schemesReserved(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }

    @ParameterizedTest(name = "schemes, allowed: \"{0}\"")
    @ValueSource(strings = {
        "foo:.well-known/mercure",
        "mailto:x@.well-known/mercure",
        "http:mercure/x",
        "http:/.well-known/mercure",
        "https://example.com?/.well-known/mercure",
        "https://example.com#/.well-known/mercure",
        "foo:\\.well-known\\mercure",
        "https://example.com/x?/.well-known/mercure",
        "urn:uuid:/.well-known/mercure"
    })
    void schemesAllowed(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isFalse();
    }

    @ParameterizedTest(name = "query or fragment only resolves to the hub URL: \"{0}\"")
    @ValueSource(strings = {"?x", "#x", "?", "#", "?topic=https://example.com/books/1"})
    void queryOrFragmentOnly(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }

    @ParameterizedTest(name = "WHATWG input cleaning: \"{0}\"")
    @ValueSource(strings = {" /.well-known/mercure ", "/.well-\tknown/mer\ncure", "\u0000/.well-known/mercure", " "})
    void inputCleaning(String topic) {
        assertThat(ReservedNamespace.contains(topic)).isTrue();
    }
}
