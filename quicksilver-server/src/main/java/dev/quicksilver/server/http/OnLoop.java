package dev.quicksilver.server.http;

import dev.quicksilver.core.HubException;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletionStage;

/**
 * Continues a request once a stage (a token check that may fetch keys) completes: on the
 * connection's event loop, as every channel operation must be, and with any failure answered by
 * {@link Responses#fail}. The request is known by its {@link RequestHead} only: the Netty message
 * may be released by the time the stage completes.
 */
final class OnLoop {

    /** The rest of a request, given what the stage produced; may throw a {@link HubException}. */
    interface Step<T> {
        void run(T value) throws HubException;
    }

    private OnLoop() {}

    static <T> void then(ChannelHandlerContext ctx, RequestHead request, Responses responses, CompletionStage<T> stage,
            Step<T> step) {
        stage.whenComplete((value, error) -> {
            Runnable run = () -> {
                if (error != null) {
                    responses.fail(ctx, request, error);
                    return;
                }
                try {
                    step.run(value);
                } catch (RuntimeException | OutOfMemoryError e) {
                    // An OutOfMemoryError thrown inside a stage's callback would vanish, and the
                    // request hang unanswered.
                    responses.fail(ctx, request, e);
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
