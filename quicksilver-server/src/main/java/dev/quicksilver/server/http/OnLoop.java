package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues a request once a stage (a token check that may fetch keys) completes: on the
 * connection's event loop, as every channel operation must be, and with any refusal answered.
 */
final class OnLoop {
    private static final Logger LOG = LoggerFactory.getLogger(OnLoop.class);

    /** The rest of a request, given what the stage produced; may throw a {@link HubException}. */
    interface Step<T> {
        void run(T value) throws HubException;
    }

    private OnLoop() {}

    static <T> void then(ChannelHandlerContext ctx, HttpRequest request, Responses responses, CompletionStage<T> stage,
            Step<T> step) {
        stage.whenComplete((value, error) -> {
            Runnable run = () -> {
                try {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof HubException refused) {
                            throw refused;
                        }
                        throw new IllegalStateException(cause);
                    }
                    step.run(value);
                } catch (HubException e) {
                    responses.error(ctx, request, e);
                } catch (RuntimeException e) {
                    LOG.error("unexpected failure on {} {}", request.method(), RequestTarget.of(request.uri()).path(), e);
                    responses.error(ctx, request, new HubException(500, "Internal error."));
                } catch (OutOfMemoryError e) {
                    // Thrown inside a stage's callback it would vanish, and the request hang unanswered.
                    responses.error(ctx, request, Responses.outOfMemory(e));
                }
            };
            if (ctx.executor().inEventLoop()) {
                run.run();
            } else {
                ctx.executor().execute(run);
            }
        });
    }
}
