package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.auth.AuthException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The request as the hub reads it after the router has released Netty's message, and the one answer to failures. */
class RequestHeadTest {

    private static FullHttpRequest request() {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST,
                "/.well-known/mercure?topic=a", Unpooled.copiedBuffer("topic=a", StandardCharsets.UTF_8));
        r.headers().set("Origin", "https://app.example.com").set("Referer", "https://app.example.com/page")
                .set("Authorization", "Bearer x.y.z").set("Cookie", "mercureAuthorization=t")
                .set("Last-Event-ID", "e1").set("Content-Type", "application/x-www-form-urlencoded")
                .set("If-None-Match", "\"etag\"").set("Accept", "text/plain").set("Connection", "keep-alive");
        return r;
    }

    @Test
    @DisplayName("the head keeps what every stage reads, unchanged after the message is released and reused")
    void copiesBeforeRelease() {
        FullHttpRequest r = request();
        RequestHead head = RequestHead.of(r);
        r.headers().clear();
        r.setUri("/elsewhere");
        r.release();
        assertThat(head.method()).isEqualTo(HttpMethod.POST);
        assertThat(head.path()).isEqualTo("/.well-known/mercure");
        assertThat(head.target().rawQuery()).isEqualTo("topic=a");
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(head.keepAlive()).isTrue();
        assertThat(List.of(head.origin(), head.referer(), head.authorization(), head.cookie(), head.lastEventId(),
                head.contentType(), head.ifNoneMatch(), head.accept())).containsExactly("https://app.example.com",
                "https://app.example.com/page", "Bearer x.y.z", "mercureAuthorization=t", "e1",
                "application/x-www-form-urlencoded", "\"etag\"", "text/plain");
        assertThat(head.head()).isFalse();
    }

    @Test
    @DisplayName("absent headers are null, and an HTTP/1.0 request without keep-alive closes")
    void absent() {
        RequestHead head = RequestHead.of(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.HEAD, "/"));
        assertThat(head.origin()).isNull();
        assertThat(head.authorization()).isNull();
        assertThat(head.keepAlive()).isFalse();
        assertThat(head.head()).isTrue();
    }

    /** Answers written by {@link Responses#fail}, on a channel. */
    private static FullHttpResponse failWith(Throwable failure) {
        Responses responses = new Responses(new Cors(List.of("https://app.example.com")), () -> null, e -> { });
        AtomicReference<ChannelHandlerContext> context = new AtomicReference<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                context.set(ctx);
            }
        });
        RequestHead head = RequestHead.of(request());
        // As a completion stage would, after the router returned.
        OnLoop.then(context.get(), head, responses, CompletableFuture.failedFuture(failure), v -> { });
        FullHttpResponse response = ch.readOutbound();
        ch.finishAndReleaseAll();
        return response;
    }

    @Test
    @DisplayName("a refusal from an asynchronous stage is answered with its status, its message and CORS")
    void refusal() {
        FullHttpResponse r = failWith(new CompletionException(AuthException.insufficientScope("Not granted.")));
        assertThat(r.status().code()).isEqualTo(403);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("Not granted.\n");
        assertThat(r.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(r.headers().get("WWW-Authenticate")).contains("insufficient_scope");
        r.release();
    }

    @Test
    @DisplayName("a 503 says when to try again")
    void retryAfter() {
        FullHttpResponse r = failWith(HubException.unavailable("Busy.", 2));
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.headers().get("Retry-After")).isEqualTo("2");
        r.release();
    }

    @Test
    @DisplayName("anything else is a defect: 500 with a message that leaks nothing")
    void defect() {
        FullHttpResponse r = failWith(new CompletionException(new IllegalStateException("secret internals")));
        assertThat(r.status().code()).isEqualTo(500);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).doesNotContain("secret");
        r.release();
    }
}
