package dev.quicksilver.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The cleartext HTTP port of a hub that serves HTTPS by ACME ({@code http-addr}): the HTTP-01
 * challenge files at {@code /.well-known/acme-challenge/<token>} (RFC 8555 §8.3), and for
 * everything else a redirect to the same URL in HTTPS when {@code http-redirect} is on, else a
 * 404 that names the HTTPS port. The hub itself is served over HTTPS only.
 */
@ChannelHandler.Sharable
public final class AcmeHttp extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String CHALLENGE_PATH = "/.well-known/acme-challenge/";

    private final Function<String, @Nullable String> keyAuthorizations;
    private final boolean redirect;
    private final int httpsPort;

    /**
     * @param keyAuthorizations the key authorization of a token being validated, or null
     * @param httpsPort the HTTPS port, named in redirects (omitted when 443)
     */
    public AcmeHttp(Function<String, @Nullable String> keyAuthorizations, boolean redirect, int httpsPort) {
        this.keyAuthorizations = keyAuthorizations;
        this.redirect = redirect;
        this.httpsPort = httpsPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (path.startsWith(CHALLENGE_PATH)) {
            String answer = keyAuthorizations.apply(path.substring(CHALLENGE_PATH.length()));
            send(ctx, answer == null ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                    answer == null ? "No such ACME challenge." : answer, null);
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (redirect && host != null && uri.startsWith("/")) {
            String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            String location = "https://" + name + (httpsPort == 443 ? "" : ":" + httpsPort) + uri;
            send(ctx, HttpResponseStatus.PERMANENT_REDIRECT, "Moved to " + location, location);
            return;
        }
        send(ctx, HttpResponseStatus.NOT_FOUND, "This hub is served over HTTPS, on port " + httpsPort + ".", null);
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String body, @Nullable String location) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.TEXT).setInt(HttpHeaderNames.CONTENT_LENGTH,
                bytes.length).set(HttpHeaderNames.CONNECTION, "close");
        if (location != null) {
            response.headers().set(HttpHeaderNames.LOCATION, location);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
