package dev.quicksilver.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SSE wire format (HTML Standard "Server-sent events"; docs/configuration.md "Streams"), with the
 * data split of Mercure draft-08 "Publication" and its "Server-Sent Events Field Injection".
 */
@DisplayName("SseEncoder: event serialization (HTML Server-sent events; draft-08 Publication)")
class SseEncoderTest {

    private static String encode(String id, String data, String type, long retry) {
        Update u = new Update(id, List.of("https://e/t"), data, false, type, retry, Set.of());
        return new String(SseEncoder.encode(u), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the reference hub's example: 'event: test\\nid: b\\ndata: Hello World\\n\\n'")
    void specExample() {
        assertThat(encode("b", "Hello World", "test", 0)).isEqualTo("event: test\nid: b\ndata: Hello World\n\n");
    }

    @Test
    @DisplayName("configuration.md Streams: event, retry, id, data, in that order, one space after each colon")
    void fieldOrder() {
        assertThat(encode("x", "d", "t", 1500)).isEqualTo("event: t\nretry: 1500\nid: x\ndata: d\n\n");
    }

    @Test
    @DisplayName("draft-08 Publication: data 'a\\r\\nb\\rc\\nd' -> four data lines (CRLF counted once)")
    void dataSplitting() {
        assertThat(encode("x", "a\r\nb\rc\nd", null, 0))
                .isEqualTo("id: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    @DisplayName("draft-08 Publication: '\\n\\r' is two line breaks (LF then CR), '\\r\\r\\n' is two as well")
    void lfCrIsTwoBreaks() {
        assertThat(encode("x", "a\n\rb", null, 0)).isEqualTo("id: x\ndata: a\ndata: \ndata: b\n\n");
        assertThat(encode("x", "a\r\r\nb", null, 0)).isEqualTo("id: x\ndata: a\ndata: \ndata: b\n\n");
    }

    @Test
    @DisplayName("HTML Server-sent events: empty data -> a single 'data: ' line")
    void emptyData() {
        assertThat(encode("x", "", null, 0)).isEqualTo("id: x\ndata: \n\n");
    }

    @Test
    @DisplayName("HTML Server-sent events: a trailing newline gives a final empty 'data: ' line (CRLF, CR and LF alike)")
    void trailingNewline() {
        assertThat(encode("x", "a\n", null, 0)).isEqualTo("id: x\ndata: a\ndata: \n\n");
        assertThat(encode("x", "a\r\n", null, 0)).isEqualTo("id: x\ndata: a\ndata: \n\n");
        assertThat(encode("x", "a\r", null, 0)).isEqualTo("id: x\ndata: a\ndata: \n\n");
        assertThat(encode("x", "\n", null, 0)).isEqualTo("id: x\ndata: \ndata: \n\n");
    }

    @Test
    @DisplayName("data lines keep leading spaces and colons as they are")
    void dataVerbatim() {
        assertThat(encode("x", " a: b", null, 0)).isEqualTo("id: x\ndata:  a: b\n\n");
    }

    @Test
    @DisplayName("configuration.md Streams: retry 0 is omitted (and so is a negative one)")
    void retryZeroOmitted() {
        assertThat(encode("x", "d", null, 0)).doesNotContain("retry");
        assertThat(encode("x", "d", null, -5)).doesNotContain("retry");
        assertThat(encode("x", "d", null, 1)).contains("retry: 1\n");
    }

    @Test
    @DisplayName("configuration.md Streams: type omitted when null or empty")
    void typeOmitted() {
        assertThat(encode("x", "d", null, 0)).startsWith("id: x\n");
        assertThat(encode("x", "d", "", 0)).startsWith("id: x\n");
    }

    @Test
    @DisplayName("configuration.md Streams: the id line is always there, empty when the update has none")
    void idAlways() {
        assertThat(encode(null, "d", null, 0)).isEqualTo("id: \ndata: d\n\n");
    }

    @Test
    @DisplayName("draft-08 Server-Sent Events Field Injection (defence in depth): CR/LF in id or type never add a field")
    void sanitized() {
        String sse = encode("a\r\ndata: forged", "d", "t\nretry: 1", 0);
        assertThat(sse).isEqualTo("event: t retry: 1\nid: a  data: forged\ndata: d\n\n");
        assertThat(sse.split("\n")).hasSize(3);
    }

    @Test
    @DisplayName("the bytes are UTF-8")
    void utf8() {
        Update u = new Update("\u00e9", List.of("t"), "\u20ac\uD83D\uDE00", false, "\u00fc", 0, Set.of());
        byte[] expected = "event: \u00fc\nid: \u00e9\ndata: \u20ac\uD83D\uDE00\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(SseEncoder.encode(u)).isEqualTo(expected);
        assertThat(SseEncoder.encode(u)).contains(0xE2, 0x82, 0xAC);
    }
}
