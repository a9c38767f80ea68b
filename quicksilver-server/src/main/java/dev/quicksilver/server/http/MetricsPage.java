package dev.quicksilver.server.http;

import dev.quicksilver.server.HubThreads;
import dev.quicksilver.server.metrics.HubMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /metrics}: the hub's and the JVM's metrics in the Prometheus text format, or in
 * OpenMetrics when the scraper's {@code Accept} header asks for it. The scrape (which reads the
 * JVM's management beans) runs on Netty's global executor, never on an event loop; the answer is
 * written on the connection's loop.
 */
final class MetricsPage {
    static final String PATH = "/metrics";
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();
    /** Rendering takes a few milliseconds: off the event loops, on one thread shared by every hub of the process. */
    private static final Executor RENDERER = HubThreads.occasional("metrics");

    private final HubMetrics metrics;
    private final Responses responses;

    MetricsPage(HubMetrics metrics, Responses responses) {
        this.metrics = metrics;
        this.responses = responses;
    }

    void handle(ChannelHandlerContext ctx, RequestHead request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            responses.methodNotAllowed(ctx, request, "GET, HEAD");
            return;
        }
        ExpositionFormatWriter writer = writer(request.accept());
        OnLoop.then(ctx, request, responses,
                CompletableFuture.supplyAsync(() -> render(writer), RENDERER), body -> {
                    FullHttpResponse response = responses.response(HttpResponseStatus.OK, writer.getContentType(), body);
                    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                    responses.send(ctx, request, response);
                });
    }

    /** The format the scraper prefers among those available (protobuf needs a library this hub does not ship). */
    static ExpositionFormatWriter writer(String accept) {
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        return writer.isAvailable() ? writer : FORMATS.getPrometheusTextFormatWriter();
    }

    private byte[] render(ExpositionFormatWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, metrics.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
