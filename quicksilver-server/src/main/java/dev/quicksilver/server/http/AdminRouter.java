package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.server.metrics.HubMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin listener ({@code metrics-addr}): {@code /metrics}, {@code /healthz} and {@code /readyz}, nothing of the
 * protocol. Meant for a private interface that only the monitoring system reaches. Shared by every
 * connection; runs on their event loops.
 */
@ChannelHandler.Sharable
public final class AdminRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Responses responses = new Responses(new Cors(List.of()), () -> null, refused -> {});
    private final MetricsPage metrics;
    private final Supplier<Health> health;
    private final Readiness readiness;

    public AdminRouter(HubMetrics metrics, Supplier<Health> health, Readiness readiness) {
        this.metrics = new MetricsPage(metrics, responses);
        this.health = health;
        this.readiness = readiness;
    }

    Cors cors() {
        return responses.cors();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Responses.sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.", null, cors());
            return;
        }
        RequestHead head = RequestHead.of(request);
        String path = head.path();
        if (path.equals(MetricsPage.PATH)) {
            metrics.handle(ctx, head);
        } else if (path.equals(StaticPages.HEALTH_PATH)) {
            responses.health(ctx, head, health.get());
        } else if (path.equals(StaticPages.READY_PATH)) {
            responses.readiness(ctx, head, readiness.now());
        } else if (path.equals(StaticPages.LIVE_PATH)) {
            responses.health(ctx, head, Health.OK);
        } else {
            responses.error(ctx, head, new HubException(404, "Not found: this listener serves "
                    + MetricsPage.PATH + ", " + StaticPages.HEALTH_PATH + ", "
                    + StaticPages.READY_PATH + " and " + StaticPages.LIVE_PATH + "."));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
