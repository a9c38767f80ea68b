package dev.quicksilver.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the certificate of a TLS connection from its ClientHello, then gives way to the TLS
 * handler of that context: the ACME TLS-ALPN-01 validation (RFC 8737 §3: the ALPN protocol
 * {@code acme-tls/1} with the domain as server name) gets the challenge's certificate, every other
 * client the current one, read at each connection so that a renewed certificate serves new
 * connections at once. With no certificate yet, the connection is closed.
 */
final class TlsSwitch extends SslClientHelloHandler<SslContext> {
    static final String ACME_TLS_1 = "acme-tls/1";

    private final HubPipeline.TlsContexts contexts;

    TlsSwitch(HubPipeline.TlsContexts contexts) {
        this.contexts = contexts;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, @Nullable ByteBuf clientHello) {
        SslContext chosen = null;
        if (clientHello != null) {
            Hello hello = Hello.parse(clientHello);
            if (hello.protocols().contains(ACME_TLS_1)) {
                chosen = contexts.challenge(hello.serverName());
            } else {
                chosen = contexts.current();
            }
        }
        return ctx.executor().newSucceededFuture(chosen);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
        SslContext context = future.getNow();
        if (context == null) {
            ctx.close(); // no certificate yet, or a validation for a domain not being proved, or not TLS
            return;
        }
        ctx.pipeline().replace(this, HubPipeline.TLS, context.newHandler(ctx.alloc()));
    }

    /**
     * The two fields of a ClientHello this needs (RFC 8446 §4.1.2): the server name (RFC 6066 §3)
     * and the ALPN protocols (RFC 7301 §3.1). Malformed input gives what was read so far.
     *
     * @param serverName null when absent
     */
    record Hello(@Nullable String serverName, List<String> protocols) {
        private static final int SERVER_NAME = 0;
        private static final int ALPN = 16;

        /** @param in the ClientHello from its legacy_version on (after the handshake header) */
        static Hello parse(ByteBuf in) {
            String name = null;
            List<String> protocols = new ArrayList<>();
            try {
                int i = in.readerIndex() + 2 + 32; // legacy_version, random
                i += 1 + in.getUnsignedByte(i); // legacy_session_id
                i += 2 + in.getUnsignedShort(i); // cipher_suites
                i += 1 + in.getUnsignedByte(i); // legacy_compression_methods
                int end = Math.min(in.writerIndex(), i + 2 + in.getUnsignedShort(i));
                i += 2;
                while (i + 4 <= end) {
                    int type = in.getUnsignedShort(i);
                    int length = in.getUnsignedShort(i + 2);
                    int data = i + 4;
                    if (type == SERVER_NAME && length >= 5 && in.getUnsignedByte(data + 2) == 0) {
                        int nameLength = in.getUnsignedShort(data + 3);
                        name = in.toString(data + 5, nameLength, StandardCharsets.US_ASCII);
                    } else if (type == ALPN && length >= 2) {
                        int p = data + 2;
                        int listEnd = Math.min(data + 2 + in.getUnsignedShort(data), data + length);
                        while (p < listEnd) {
                            int l = in.getUnsignedByte(p);
                            protocols.add(in.toString(p + 1, l, StandardCharsets.US_ASCII));
                            p += 1 + l;
                        }
                    }
                    i = data + length;
                }
            } catch (IndexOutOfBoundsException e) {
                // a truncated or malformed ClientHello: what was read decides
            }
            return new Hello(name, List.copyOf(protocols));
        }
    }
}
