package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every pipeline change of a request that becomes a stream, as HubPipeline names the stages. */
class StreamStagesTest {

    private static EmbeddedChannel channel(String... stages) {
        EmbeddedChannel ch = new EmbeddedChannel();
        for (String name : stages) {
            ch.pipeline().addLast(name, new ChannelHandlerAdapter() { });
        }
        return ch;
    }

    private static List<String> names(ChannelPipeline p) {
        return p.names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline$")).toList();
    }

    @Test
    @DisplayName("HTTP/1.1 over TLS: the request stages and the router leave, then the codec; TLS stays")
    void http1() {
        EmbeddedChannel ch = channel(HubPipeline.TLS, HubPipeline.HTTP_CODEC, HubPipeline.REQUEST_TIMEOUT,
                HubPipeline.AGGREGATOR, HubPipeline.HUB);
        ChannelHandlerAdapter stream = new ChannelHandlerAdapter() { };
        HubPipeline.STREAM_STAGES.attach(ch.pipeline(), stream);
        assertThat(names(ch.pipeline())).containsExactly(HubPipeline.TLS, HubPipeline.HTTP_CODEC, HubPipeline.STREAM);
        ChannelHandlerContext out = HubPipeline.STREAM_STAGES.headersWritten(ch.pipeline());
        assertThat(names(ch.pipeline())).containsExactly(HubPipeline.TLS, HubPipeline.STREAM);
        assertThat(out.handler()).isSameAs(stream);
        ch.finishAndReleaseAll();
    }

    @Test
    @DisplayName("an HTTP/2 stream's channel: only the stream stage remains")
    void http2Stream() {
        EmbeddedChannel ch = channel(HubPipeline.H2_HTTP, HubPipeline.REQUEST_TIMEOUT, HubPipeline.AGGREGATOR,
                HubPipeline.HUB);
        HubPipeline.STREAM_STAGES.attach(ch.pipeline(), new ChannelHandlerAdapter() { });
        HubPipeline.STREAM_STAGES.headersWritten(ch.pipeline());
        assertThat(names(ch.pipeline())).containsExactly(HubPipeline.STREAM);
        ch.finishAndReleaseAll();
    }
}
