package dev.quicksilver.loadtest.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** What a parser reported: each event as "stamp|data|length", and the comment count. */
    static final class Recorded implements SseParser.Listener {
        final List<String> events = new ArrayList<>();
        int comments;
        SseParser parser;

        @Override
        public void onEvent(long stamp, long sequence, int dataLength) {
            String data = parser.lastData();
            assertThat(data.getBytes(StandardCharsets.UTF_8)).hasSize(dataLength);
            events.add((stamp == SseParser.NO_STAMP ? "-" : Long.toString(stamp))
                    + (sequence == SseParser.NO_SEQUENCE ? "" : "#" + sequence) + "|" + data);
        }

        @Override
        public void onComment() {
            comments++;
        }
    }

    private static Recorded parse(String stream, int pieceSize) {
        Recorded r = new Recorded();
        r.parser = new SseParser(r, true);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i));
            r.parser.feed(buf, buf.readerIndex(), buf.writerIndex());
        }
        return r;
    }

    /** Parses whole, then in every piece size down to single bytes: the result must not change. */
    private static Recorded parseAllWays(String stream) {
        Recorded whole = parse(stream, Integer.MAX_VALUE);
        for (int piece = 1; piece <= stream.length(); piece++) {
            Recorded split = parse(stream, piece);
            assertThat(split.events).as("split every %d bytes", piece).isEqualTo(whole.events);
            assertThat(split.comments).as("split every %d bytes", piece).isEqualTo(whole.comments);
        }
        return whole;
    }

    @Test
    void readsTheTimestampAtTheStartOfTheData() {
        Recorded r = parseAllWays("id: urn:uuid:1\ndata: 1234567890123xxxx\n\n");
        assertThat(r.events).containsExactly("1234567890123|1234567890123xxxx");
    }

    @Test
    void readsTheSequenceAfterTheStamp() {
        Recorded r = parseAllWays("data: 987654321.42.xxxx\n\ndata: 5.\n\ndata: 6.7\ndata: 8\n\ndata: .9\n\n");
        assertThat(r.events).containsExactly("987654321#42|987654321.42.xxxx", "5|5.", "6#7|6.7\n8", "-|.9");
    }

    @Test
    void eventsSplitAcrossReads() {
        String stream = "data: 1xx\n\nid: a\ndata: 22yy\n\ndata: 333\n\n";
        assertThat(parseAllWays(stream).events).containsExactly("1|1xx", "22|22yy", "333|333");
    }

    @Test
    void multiLineDataIsJoinedWithLineFeedsAndOnlyItsFirstLineCarriesTheStamp() {
        Recorded r = parseAllWays("data: 42\ndata: 7 more\ndata:\n\n");
        assertThat(r.events).containsExactly("42|42\n7 more\n");
    }

    @Test
    void heartbeatsAreCommentsNotEvents() {
        Recorded r = parseAllWays(":\n:\n: keep-alive\ndata: 5\n\n:\n");
        assertThat(r.events).containsExactly("5|5");
        assertThat(r.comments).isEqualTo(4);
    }

    @Test
    void crlfAndCrLineEndings() {
        assertThat(parseAllWays("data: 1\r\n\r\ndata: 2\r\rdata: 3\n\r\n").events).containsExactly("1|1", "2|2", "3|3");
    }

    @Test
    void anEventWithoutDataIsNotDispatched() {
        assertThat(parseAllWays("id: 1\nevent: x\n\n\n\ndata: 9\n\n").events).containsExactly("9|9");
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDropped() {
        assertThat(parseAllWays("data:1\n\ndata:  2\n\n").events).containsExactly("1|1", "-| 2");
    }

    @Test
    void dataThatIsNotANumberHasNoStamp() {
        assertThat(parseAllWays("data: {\"a\":1}\n\ndata\n\n").events).containsExactly("-|{\"a\":1}", "-|");
    }

    @Test
    void otherFieldsAreIgnoredEvenWhenTheyLookLikeData() {
        assertThat(parseAllWays("dat: 1\ndatas: 2\nxdata: 3\ndata: 4\n\n").events).containsExactly("4|4");
    }

    @Test
    void aNumberTooLongForATimestampIsNotOne() {
        assertThat(parseAllWays("data: 12345678901234567890\n\n").events).containsExactly("-|12345678901234567890");
    }

    @Test
    void withoutCaptureOnlyTheStampAndLengthAreReported() {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser((stamp, seq, length) -> seen.add(stamp + "#" + seq + "/" + length));
        ByteBuf buf = Unpooled.copiedBuffer("data: 77.3." + "x".repeat(1000) + "\ndata: y\n\n", StandardCharsets.US_ASCII);
        parser.feed(buf, 0, buf.writerIndex());
        assertThat(seen).containsExactly("77#3/1007");
    }

    @Test
    void keepsTheLastEventIdOnlyWhenAsked() {
        List<String> ids = new ArrayList<>();
        SseParser[] holder = new SseParser[1];
        SseParser parser = new SseParser((stamp, sequence, length) -> ids.add(holder[0].lastEventId()), false, true);
        holder[0] = parser;
        byte[] bytes = ("id: urn:1\ndata: 1.0.\n\nidx: no\ndata: 2.1.\n\n: comment\nid:urn:2\r\ndata: 3.2.\n\n"
                + "id: a\0b\ndata: 4.3.\n\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) { // one byte at a time
            ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {b});
            parser.feed(buf, 0, 1);
        }
        // "idx" is not an id field; an id with NUL is ignored
        assertThat(ids).containsExactly("urn:1", "urn:1", "urn:2", "urn:2");
        assertThat(new SseParser((a, b, c) -> { }).lastEventId()).isNull();
    }
}
