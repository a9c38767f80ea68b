package dev.quicksilver.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names of the hub's threads: every one starts with {@code quicksilver-}, so that a thread dump,
 * a profile or {@code top -H} tells the hub's own threads apart at a glance: the event loops
 * {@code quicksilver-loop-N}, the history's writer and readers, the JWK Set fetchers, the metrics
 * renderer and the shutdown hook.
 */
public final class HubThreads {
    /** The prefix of every thread the hub starts. */
    public static final String PREFIX = "quicksilver-";

    private HubThreads() {}

    /** The event loops: {@code quicksilver-loop-1}, {@code -2}, ... (Netty's fast thread-local threads). */
    static ThreadFactory eventLoops() {
        return new DefaultThreadFactory(PREFIX + "loop", false) {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            protected Thread newThread(Runnable r, String ignored) {
                return new FastThreadLocalThread(threadGroup, r, PREFIX + "loop-" + next.incrementAndGet());
            }
        };
    }

    /**
     * One daemon thread at most, started on demand and gone after a minute idle: for occasional
     * work that must stay off the event loops (rendering the metrics).
     */
    public static ThreadPoolExecutor occasional(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, PREFIX + name);
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
