package dev.quicksilver.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of an HTTP/2 connection: a protocol error the codec raised about what a client
 * sent (a malformed frame, a broken preface, a flood it refused) ends here, after the codec has
 * answered it (GOAWAY or RST_STREAM). Such errors are the clients' doing and cost the hub nothing:
 * they are logged as one line without a stack trace, at most once per interval, with the count of
 * those left out, so that a thousand bad clients cannot fill the disk with the hub's log (each
 * would otherwise reach the end of the pipeline and be logged with its whole stack trace).
 * Shared by every connection of a hub; thread-safe.
 */
@ChannelHandler.Sharable
final class ClientErrors extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LogInterval lines = new LogInterval(INTERVAL_NANOS);
    private final String protocol;

    ClientErrors(String protocol) {
        this.protocol = protocol;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
        if (cause instanceof IOException) {
            return; // the peer went away: not even worth a line
        }
        long left = lines.admit();
        if (left < 0) {
            return;
        }
        LOG.warn("{} protocol error from {}: {}{}", protocol, ctx.channel().remoteAddress(), summary(cause),
                left == 0 ? "" : " (" + left + " more in the last minute, not logged)");
    }

    /** The cause's type and message, on one line. */
    static String summary(Throwable cause) {
        String message = cause.getMessage();
        String line = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        line = line.replaceAll("[\\r\\n]+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
