package dev.quicksilver.server.sse;

import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where URI Templates and URL Patterns are matched against published topics and replayed history:
 * a small pool of daemon threads, shared by the shards, and never an event loop. Matching is
 * bounded per subscription ({@code MatchLimits}) but not per hub: many subscribers with costly
 * patterns can make a publish take a long time to match, and on an event loop that time would be
 * taken from every connection of the loop (streams, publishes, {@code /healthz}). Here it only
 * delays the events of the subscribers who chose patterns.
 *
 * <p>Half the cores, at least one: matching is CPU work that competes with the event loops.
 */
public final class PatternMatching {
    private static final Executor SHARED = pool(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));

    private PatternMatching() {
    }

    /** The hub's matching threads. */
    public static Executor shared() {
        return SHARED;
    }

    private static Executor pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "quicksilver-match-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** For each selector, whether it matches one of the update's topics; a selector that fails matches nothing. */
    static boolean[] match(TopicSelector[] selectors, Update update) {
        List<String> topics = update.topics();
        boolean[] matched = new boolean[selectors.length];
        for (int i = 0; i < selectors.length; i++) {
            try {
                matched[i] = selectors[i].matchesAny(topics);
            } catch (RuntimeException e) {
                matched[i] = false;
            }
        }
        return matched;
    }
}
