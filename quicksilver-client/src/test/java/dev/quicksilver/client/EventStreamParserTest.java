package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The WHATWG HTML "Server-sent events" parsing rules, case by case. */
class EventStreamParserTest {
    private final List<Event> events = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final EventStreamParser parser = new EventStreamParser("", events::add, retries::add);

    private List<Event> parse(String stream) {
        parser.feed(stream);
        parser.end();
        return events;
    }

    private static Event message(String id, String data) {
        return new Event(id, "message", data);
    }

    @Test
    @DisplayName("the standard's first example: two data lines make one event, joined by LF")
    void multiLineData() {
        assertThat(parse("data: YHOO\ndata: +2\ndata: 10\n\n")).containsExactly(message("", "YHOO\n+2\n10"));
    }

    @Test
    @DisplayName("the standard's example: comments ignored, id kept for the next event, an event without id keeps it")
    void commentsAndIds() {
        parse(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n");
        assertThat(events).containsExactly(message("1", "first event"), message("", "second event"),
                message("", " third event"));
    }

    @Test
    @DisplayName("the standard's example: a field without colon is a field with an empty value; the last event without"
            + " a blank line is discarded")
    void fieldWithoutColonAndUnfinishedEvent() {
        assertThat(parse("data\n\ndata\ndata\n\ndata:")).containsExactly(message("", ""), message("", "\n"));
    }

    @Test
    @DisplayName("the standard's example: 'data:test' and 'data: test' are the same, only one space is removed")
    void oneSpaceRemoved() {
        assertThat(parse("data:test\n\ndata: test\n\ndata:  test\n\n")).containsExactly(message("", "test"),
                message("", "test"), message("", " test"));
    }

    @Test
    @DisplayName("CRLF, LF and CR all end lines, mixed in one stream and cut between CR and LF")
    void lineEndings() {
        parser.feed("data: a\r");
        parser.feed("\ndata: b\rdata: c\n\r");
        parser.feed("\ndata: d\r\r");
        parser.end();
        assertThat(events).containsExactly(message("", "a\nb\nc"), message("", "d"));
    }

    @Test
    @DisplayName("a UTF-8 BOM at the start is ignored, only there; bytes cut inside a character decode whole;"
            + " invalid UTF-8 becomes U+FFFD")
    void bomAndUtf8() {
        byte[] bytes = "\uFEFFdata: h\u00e9\u20ac\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        parser.feed(ByteBuffer.wrap("\uFEFFdata: x\n\ndata: ".getBytes(StandardCharsets.UTF_8)));
        parser.feed(ByteBuffer.wrap(new byte[] {(byte) 0xFF, '\n', '\n'}));
        parser.end();
        // the second BOM is not at the start: it is part of the field name, which is then unknown
        assertThat(events).containsExactly(message("", "h\u00e9\u20ac"), message("", "\uFFFD"));
    }

    @Test
    @DisplayName("retry: only ASCII digits set the reconnection time; anything else is ignored")
    void retry() {
        parse("retry: 1500\nretry: 15.5\nretry: -1\nretry: 2e3\nretry:\nretry: 99999999999999999999999\nretry: 7\n\n");
        assertThat(retries).containsExactly(1500L, Long.MAX_VALUE, 7L);
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("id with NUL is ignored; the id is committed by a blank line even with no data")
    void idWithNul() {
        parse("id: good\n\nid: ba\0d\ndata: x\n\nid: only-id\n\n");
        assertThat(events).containsExactly(message("good", "x"));
        assertThat(parser.lastEventId()).isEqualTo("only-id");
    }

    @Test
    @DisplayName("event sets the type for one event only; unknown fields are ignored")
    void eventType() {
        parse("event: add\nfoo: bar\ndata: 1\n\ndata: 2\n\nevent: lone\n\ndata: 3\n\n");
        assertThat(events).containsExactly(new Event("", "add", "1"), message("", "2"), message("", "3"));
    }

    @Test
    @DisplayName("a stream cut mid-event: the event and its id are dropped; the next connection resumes from the"
            + " committed id")
    void cutStream() {
        parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b");
        parser.end();
        assertThat(parser.lastEventId()).isEqualTo("1");
        parser.feed("data: c\n\n");
        parser.end();
        assertThat(events).containsExactly(message("1", "a"), message("1", "c"));
    }
}
