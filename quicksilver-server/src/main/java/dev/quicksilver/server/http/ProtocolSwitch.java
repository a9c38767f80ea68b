package dev.quicksilver.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first stage of a connection, which decides between HTTP/1.1 (the stages already in place) and
 * HTTP/2 ({@link HubPipeline#http2}), then leaves the pipeline. Runs on the connection's loop.
 */
final class ProtocolSwitch {
    private ProtocolSwitch() {}

    /** Over TLS: the protocol ALPN chose, HTTP/1.1 when the client named none. */
    static final class Alpn extends ApplicationProtocolNegotiationHandler {
        private final HubPipeline pipeline;

        Alpn(HubPipeline pipeline) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.pipeline = pipeline;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                pipeline.http2(ctx.pipeline());
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that does not trust the certificate, or speaks no common cipher: not an error here
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // before the protocol is chosen: plain HTTP on the TLS port, a scanner; nothing to log
        }
    }

    /**
     * On cleartext: HTTP/2 when the connection opens with the client preface (h2c by prior knowledge,
     * as proxies and gRPC-style clients speak it), else HTTP/1.1, told apart by the first byte that
     * differs. The request timeout, already armed, bounds a client that sends nothing.
     */
    static final class PriorKnowledge extends ByteToMessageDecoder {
        static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        private final HubPipeline pipeline;

        PriorKnowledge(HubPipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int n = Math.min(in.readableBytes(), PREFACE.length);
            for (int i = 0; i < n; i++) {
                if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                    ctx.pipeline().remove(this); // hands what it holds to the HTTP/1.1 codec
                    return;
                }
            }
            if (n == PREFACE.length) {
                pipeline.http2(ctx.pipeline());
                ctx.pipeline().remove(this); // hands the preface and what follows to the HTTP/2 codec
            }
        }
    }
}
