package dev.quicksilver.redis;

import dev.quicksilver.core.transport.Health;
import dev.quicksilver.core.update.Event;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of a node: {@code XREAD BLOCK} from the last entry it read, on a connection of its
 * own (a blocked read holds its connection), handing each event to the node in stream order. So
 * every node delivers the same events in the same order, and after an outage it resumes from its
 * last entry: nothing is skipped, nothing read twice. Each read is issued when the previous one
 * completes, on Lettuce's thread; nothing here blocks a thread.
 */
final class StreamReader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
    /** How long one XREAD waits for new entries; the connection's timeout is this plus the command timeout. */
    static final long BLOCK_MILLIS = 1_000;
    /** Entries per read: enough to catch up fast after an outage, few enough to keep each reply small. */
    private static final int BATCH = 512;
    private static final long RETRY_MILLIS = 200;

    private final Keys keys;
    private final RedisEndpoint.Link link;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Event> deliver;
    private final String source;
    private volatile String lastEntry;
    private volatile Health health = Health.OK;
    private volatile boolean stopped;
    private long failedSince;

    /**
     * @param lastEntry the entry to read after: the stream's newest when the node started
     * @param deliver called in stream order, on Lettuce's thread; must hand work off
     */
    StreamReader(Keys keys, RedisEndpoint.Link link, String lastEntry, ScheduledExecutorService scheduler,
            Consumer<Event> deliver, String source) {
        this.keys = keys;
        this.link = link;
        this.lastEntry = lastEntry;
        this.scheduler = scheduler;
        this.deliver = deliver;
        this.source = source;
    }

    void start() {
        read();
    }

    private void read() {
        if (stopped) {
            return;
        }
        try {
            link.commands().xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(BATCH),
                    XReadArgs.StreamOffset.from(keys.stream(), lastEntry))
                    .whenComplete(this::received);
        } catch (RuntimeException e) {
            received(null, e);
        }
    }

    private void received(List<StreamMessage<String, String>> messages, Throwable error) {
        if (stopped) {
            return;
        }
        if (error != null) {
            failed(error);
            scheduler.schedule(this::read, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        recovered();
        if (messages != null) {
            for (StreamMessage<String, String> m : messages) {
                long previous = Entries.sequence(lastEntry);
                long sequence = Entries.sequence(m.getId());
                if (previous != 0 && sequence != previous + 1) {
                    // Trimmed before this node read them (it lagged a whole history behind), or
                    // Redis lost them (restarted without persistence): said, not hidden.
                    LOG.warn("{}: entries {} to {} of the stream were not read by this node (trimmed, or lost by "
                            + "Redis); its subscribers miss them", source, previous + 1, sequence - 1);
                }
                lastEntry = m.getId();
                try {
                    deliver.accept(Entries.event(m.getId(), m.getBody()));
                } catch (RuntimeException e) {
                    LOG.error("{}: entry {} could not be delivered", source, m.getId(), e);
                }
            }
        }
        read();
    }

    private synchronized void failed(Throwable error) {
        long now = System.nanoTime();
        if (health.healthy()) {
            failedSince = now;
            LOG.warn("{}: reading the stream failed ({}); delivery resumes from entry {} when Redis answers again",
                    source, reason(error), lastEntry);
        }
        health = new Health("Redis at " + source + ": reading the stream failed (" + reason(error) + ")");
    }

    private synchronized void recovered() {
        if (!health.healthy()) {
            LOG.warn("{}: reading the stream again, from entry {}, after {} ms", source, lastEntry,
                    (System.nanoTime() - failedSince) / 1_000_000);
            health = Health.OK;
        }
    }

    static String reason(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // Connection failures wrap what went wrong (refused, timed out, a TLS or password problem).
        return root == e ? reason : reason + ": " + (root.getMessage() != null ? root.getMessage()
                : root.getClass().getSimpleName());
    }

    Health health() {
        return health;
    }

    String lastEntry() {
        return lastEntry;
    }

    void stop() {
        stopped = true;
    }
}
