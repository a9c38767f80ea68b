package dev.quicksilver.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The publish form fields of Mercure draft-08 "Publication" (and draft-07's, where 0.x differs), and
 * the seed era's {@code target} as docs/protocol-eras.md "What never mixes" treats it.
 */
@DisplayName("PublishForm: publish fields (draft-08 Publication; protocol-eras.md)")
class PublishFormTest {
    private final PublishForm publishForm = new PublishForm(5);

    private static FormData form(String body) {
        return new FormParser(1000).parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Update read(String body) {
        return publishForm.read(form(body));
    }

    private HubException refused(String body) {
        HubException e = catchThrowableOfType(HubException.class, () -> read(body));
        assertThat(e).as("refused: %s", body).isNotNull();
        return e;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a full update: topics in order, data, private, id, type, retry")
    void fullUpdate() {
        Update u = read("topic=https://e/a&topic=https://e/b&data=hello+world&private=on&id=x1&type=t&retry=3000");
        assertThat(u.topics()).containsExactly("https://e/a", "https://e/b");
        assertThat(u.topic()).isEqualTo("https://e/a");
        assertThat(u.data()).isEqualTo("hello world");
        assertThat(u.privateUpdate()).isTrue();
        assertThat(u.id()).isEqualTo("x1");
        assertThat(u.type()).isEqualTo("t");
        assertThat(u.retry()).isEqualTo(3000);
        assertThat(u.targets()).isEmpty();
    }

    @Test
    @DisplayName("draft-08 Publication: no topic -> 400 that names the field")
    void missingTopic() {
        HubException e = refused("data=x");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"topic\"");
    }

    @Test
    @DisplayName("draft-07 and draft-08 Publication: missing data -> empty data, not an error")
    void missingData() {
        assertThat(read("topic=a").data()).isEmpty();
        assertThat(read("topic=a&data").data()).isEmpty();
    }

    @Test
    @DisplayName("the first data field is the payload; line breaks are kept for the encoder")
    void dataKeepsLineBreaks() {
        assertThat(read("topic=a&data=" + enc("l1\r\nl2") + "&data=ignored").data()).isEqualTo("l1\r\nl2");
    }

    @ParameterizedTest(name = "draft-08 Publication: retry={0} -> 400")
    @ValueSource(strings = {"abc", "+5", "1.5", "-1", "0x10", " 5", "5 ", "\u0661", "1e3", "9999999999999999999"})
    void badRetry(String retry) {
        HubException e = refused("topic=a&retry=" + enc(retry));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"retry\"");
    }

    @Test
    @DisplayName("draft-08 Publication: retry=0 -> accepted with retry 0 (no retry line: configuration.md Streams); an "
            + "empty retry means none")
    void retryZero() {
        assertThat(read("topic=a&retry=0").retry()).isZero();
        assertThat(read("topic=a&retry=").retry()).isZero();
        assertThat(read("topic=a&retry=007").retry()).isEqualTo(7);
        assertThat(read("topic=a&retry=999999999999999999").retry()).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    @DisplayName("draft-08 Publication: a supplied id is kept as sent")
    void idKept() {
        assertThat(read("topic=a&id=foo").id()).isEqualTo("foo");
        assertThat(read("topic=a&id=" + enc("urn:uuid:1 2")).id()).isEqualTo("urn:uuid:1 2");
    }

    @Test
    @DisplayName("draft-08 Publication: no id, or an empty id -> null, so the hub generates one")
    void noId() {
        assertThat(read("topic=a").id()).isNull();
        assertThat(read("topic=a&id=").id()).isNull();
        assertThat(read("topic=a&id").id()).isNull();
    }

    @ParameterizedTest(name = "draft-08 Publication: id={0} -> 400")
    @ValueSource(strings = {"#42", "#", "earliest"})
    void reservedIds(String id) {
        HubException e = refused("topic=a&id=" + enc(id));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"id\"");
    }

    @Test
    @DisplayName("draft-08 Publication: only the exact 'earliest' is reserved; a '#' inside the id is fine")
    void nearMisses() {
        assertThat(read("topic=a&id=Earliest").id()).isEqualTo("Earliest");
        assertThat(read("topic=a&id=a%2342").id()).isEqualTo("a#42");
    }

    @ParameterizedTest(name = "draft-08 Publication: id with U+{0} -> 400")
    @ValueSource(strings = {"000D", "000A", "0000", "0009", "007F", "0085", "009F", "200E", "FEFF", "2060"})
    void r29r30Id(String hex) {
        String bad = "a" + (char) Integer.parseInt(hex, 16) + "b";
        assertThat(refused("topic=t&id=" + enc(bad)).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "draft-08 Publication: type with U+{0} -> 400")
    @ValueSource(strings = {"000D", "000A", "0000", "007F", "0085", "200E"})
    void r29r30Type(String hex) {
        String bad = "a" + (char) Integer.parseInt(hex, 16) + "b";
        HubException e = refused("topic=t&type=" + enc(bad));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"type\"");
    }

    @ParameterizedTest(name = "draft-08 Publication: topic with U+{0} -> 400")
    @ValueSource(strings = {"000A", "0000", "007F", "0085", "200E", "200B"})
    void topic(String hex) {
        String bad = "https://e/" + (char) Integer.parseInt(hex, 16);
        HubException e = refused("topic=" + enc(bad));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"topic\"");
    }

    @Test
    @DisplayName("draft-08 Publication: a Cf character outside the BMP (U+E0001 LANGUAGE TAG) in an id -> 400")
    void supplementaryFormatCharacter() {
        assertThat(refused("topic=t&id=" + enc("a\uDB40\uDC01")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("draft-08 Publication: visible non-ASCII (é, emoji, U+00A0) is accepted")
    void visibleNonAscii() {
        Update u = read("topic=" + enc("https://e/caf\u00e9") + "&id=" + enc("\uD83D\uDE00\u00a0") + "&type=" + enc("\u00e9"));
        assertThat(u.topic()).isEqualTo("https://e/caf\u00e9");
        assertThat(u.id()).isEqualTo("\uD83D\uDE00\u00a0");
        assertThat(u.type()).isEqualTo("\u00e9");
    }

    @Test
    @DisplayName("draft-08 Publication: type=mercure -> 400; 'Mercure' and an empty type are fine")
    void typeMercure() {
        HubException e = refused("topic=a&type=mercure");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("mercure");
        assertThat(read("topic=a&type=Mercure").type()).isEqualTo("Mercure");
        assertThat(read("topic=a&type=").type()).isNull();
    }

    @Test
    @DisplayName("draft-08 Publication: topic=* -> 400, also as an alternate topic")
    void star() {
        assertThat(refused("topic=*").status()).isEqualTo(400);
        assertThat(refused("topic=a&topic=*").status()).isEqualTo(400);
        assertThat(read("topic=**").topic()).isEqualTo("**");
    }

    @Test
    @DisplayName("draft-08 Publication: reserved-namespace topics -> 400 (canonical or alternate); the allowed list "
            + "passes")
    void reserved() {
        HubException e = refused("topic=" + enc("/.well-known/mercure/subscriptions/foo"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("reserved");
        assertThat(refused("topic=a&topic=" + enc("https://example.com/.well-known/mercure")).status()).isEqualTo(400);
        assertThat(refused("topic=").status()).as("the empty topic resolves to the hub URL").isEqualTo(400);
        assertThat(read("topic=" + enc("https://example.com/.well-known/mercure-dashboard")).topic())
                .isEqualTo("https://example.com/.well-known/mercure-dashboard");
        assertThat(read("topic=" + enc("a topic with spaces")).topic()).isEqualTo("a topic with spaces");
    }

    @Test
    @DisplayName("draft-08 Publication: more topics than the limit -> 413; exactly the limit is accepted")
    void topicLimit() {
        assertThat(read("topic=1&topic=2&topic=3&topic=4&topic=5").topics()).hasSize(5);
        HubException e = refused("topic=1&topic=2&topic=3&topic=4&topic=5&topic=6");
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).contains("5");
    }

    @Test
    @DisplayName("draft-08 Publication: private with an empty value, or any value, marks the update private; absent "
            + "means public")
    void privateField() {
        assertThat(read("topic=a&private=").privateUpdate()).isTrue();
        assertThat(read("topic=a&private").privateUpdate()).isTrue();
        assertThat(read("topic=a&private=off").privateUpdate()).isTrue();
        assertThat(read("topic=a").privateUpdate()).isFalse();
        assertThat(read("topic=a&Private=on").privateUpdate()).as("names are case-sensitive").isFalse();
    }

    @Test
    @DisplayName("draft-08 Publication: unknown fields are ignored")
    void unknownFields() {
        Update u = read("topic=a&foo=bar&data=d&lastEventID=x&match=y");
        assertThat(u.topics()).containsExactly("a");
        assertThat(u.data()).isEqualTo("d");
    }

    @Test
    @DisplayName("draft-04 Publication: target is repeatable and kept (duplicates once, in order) for the seed-era "
            + "check")
    void targets() {
        Update u = read("topic=a&target=alice&target=bob&target=alice");
        assertThat(u.targets()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(u.restricted()).isTrue();
    }

    @Test
    @DisplayName("protocol-eras.md: an empty target, or one with a control character -> 400 (never a public broadcast)")
    void badTargets() {
        HubException e = refused("topic=a&target=");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("\"target\"");
        assertThat(refused("topic=a&target=x&target").status()).isEqualTo(400);
        assertThat(refused("topic=a&target=" + enc("a\u200Eb")).status()).isEqualTo(400);
    }
}
