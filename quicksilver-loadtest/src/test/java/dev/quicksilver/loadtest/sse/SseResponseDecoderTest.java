package dev.quicksilver.loadtest.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseResponseDecoderTest {

    static final class Recorded implements SseResponseDecoder.Listener, SseParser.Listener {
        final List<String> log = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean onHead(int status, String contentType) {
            log.add("head " + status + " " + contentType);
            return accept;
        }

        @Override
        public void onBodyEnd() {
            log.add("end");
        }

        @Override
        public void onEvent(long stamp, long sequence, int dataLength) {
            log.add("event " + stamp + "/" + dataLength);
        }

        @Override
        public void onComment() {
            log.add("comment");
        }
    }

    private static List<String> decode(String response, long seed) {
        Recorded r = new Recorded();
        SseResponseDecoder decoder = new SseResponseDecoder(r, new SseParser(r));
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(seed);
        int i = 0;
        while (i < bytes.length) {
            int n = seed < 0 ? bytes.length : Math.min(bytes.length - i, 1 + random.nextInt(12));
            ByteBuf buf = Unpooled.buffer(n + 8).writerIndex(4).readerIndex(4); // not at index 0
            buf.writeBytes(bytes, i, n);
            decoder.decode(buf);
            i += n;
        }
        return r.log;
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
    }

    private static final String HEAD = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
            + "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n";

    @Test
    void chunkedStreamSplitAnywhere() {
        // Events that straddle chunks, a chunk extension, and a heartbeat.
        String body = chunk(":\n") + chunk("id: 1\ndata: 100x") + "4;ext=1\r\nxxx\n\r\n" + chunk("\n")
                + chunk("data: 200\n\n:\ndata: 3") + chunk("00\n\n");
        List<String> expected = List.of("head 200 text/event-stream; charset=utf-8", "comment", "event 100/7", "event 200/3",
                "comment", "event 300/3");
        assertThat(decode(HEAD + body, -1)).isEqualTo(expected);
        for (long seed = 0; seed < 200; seed++) {
            assertThat(decode(HEAD + body, seed)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void lastChunkEndsTheBody() {
        assertThat(decode(HEAD + chunk("data: 1\n\n") + "0\r\n\r\n", 7))
                .containsExactly("head 200 text/event-stream; charset=utf-8", "event 1/1", "end");
    }

    @Test
    void aBodyWithoutChunkingRunsUntilTheConnectionCloses() {
        String response = "HTTP/1.1 200 OK\nContent-Type: text/event-stream\n\ndata: 5\n\ndata: 6\n\n";
        assertThat(decode(response, 3)).containsExactly("head 200 text/event-stream", "event 5/1", "event 6/1");
    }

    @Test
    void anErrorStatusIsReportedAndItsBodyNotParsedAsEvents() {
        Recorded r = new Recorded();
        r.accept = false;
        SseResponseDecoder decoder = new SseResponseDecoder(r, new SseParser(r));
        decoder.decode(Unpooled.copiedBuffer("HTTP/1.1 401 Unauthorized\r\nContent-Length: 9\r\n\r\ndata: 1\n\n",
                StandardCharsets.US_ASCII));
        assertThat(r.log).containsExactly("head 401 null");
        assertThat(decoder.status()).isEqualTo(401);
    }

    @Test
    void garbageIsRefused() {
        Recorded r = new Recorded();
        SseResponseDecoder decoder = new SseResponseDecoder(r, new SseParser(r));
        assertThatThrownBy(() -> decoder.decode(Unpooled.copiedBuffer("SSH-2.0-OpenSSH\r\n\r\n", StandardCharsets.US_ASCII)))
                .isInstanceOf(SseResponseDecoder.MalformedResponseException.class);
        SseResponseDecoder chunked = new SseResponseDecoder(r, new SseParser(r));
        assertThatThrownBy(() -> chunked.decode(Unpooled.copiedBuffer(HEAD + "zz\r\n", StandardCharsets.US_ASCII)))
                .isInstanceOf(SseResponseDecoder.MalformedResponseException.class);
    }
}
