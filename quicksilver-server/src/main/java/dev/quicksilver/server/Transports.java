package dev.quicksilver.server;

import dev.quicksilver.core.history.HubHistory;
import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.redis.RedisSettings;
import dev.quicksilver.redis.RedisTransport;
import dev.quicksilver.server.config.HistoryStore;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.sqlite.SqliteSettings;
import dev.quicksilver.sqlite.SqliteTransport;
import dev.quicksilver.sqlite.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the hub's transport from its configuration: durable history in SQLite, or a ring in memory. */
final class Transports {
    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);
    /** The history's file in the data directory. */
    static final String HISTORY_FILE = "history.db";
    /** Reader threads for reconnections' replays: enough to overlap two, few enough to stay small. */
    private static final int READERS = 2;

    private Transports() {}

    /**
     * @param clock the hub's clock: history age is measured against it
     * @throws StoreException when the durable history cannot be opened (the hub does not start)
     */
    static Transport create(HubConfig config, Clock clock) {
        InMemoryHistory subscriptionEvents = new InMemoryHistory(
                Math.min(config.history().size(), HubHistory.DEFAULT_SUBSCRIPTION_EVENTS),
                HubHistory.DEFAULT_SUBSCRIPTION_EVENT_BYTES);
        if (config.history().transport() != null) {
            // Cluster mode: Redis keeps the history; the local store settings do not apply.
            return RedisTransport.start(RedisSettings.of(config.history().transport(), config.history().size(),
                    config.history().maxAge(), config.history().replicas()));
        }
        if (config.history().store() == HistoryStore.MEMORY) {
            long chosen = config.history().maxBytes();
            long maxBytes = chosen > 0 ? chosen : InMemoryHistory.defaultMaxBytes();
            LOG.info("history: in memory, {} events, at most {}{} (lost on restart)", config.history().size(),
                    mebibytes(maxBytes), chosen > 0 ? "" : " (a quarter of the heap)");
            return new LocalTransport(new InMemoryHistory(config.history().size(), maxBytes), subscriptionEvents);
        }
        Path dir = config.history().dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("data-dir " + dir + ": cannot create the directory (" + e + ")", e);
        }
        SqliteSettings settings = new SqliteSettings(dir.resolve(HISTORY_FILE), config.history().sync(),
                config.history().size(),
                config.history().maxBytes() > 0 ? config.history().maxBytes() : SqliteSettings.DEFAULT_MAX_BYTES,
                config.history().maxAge(), READERS, clock);
        long start = System.nanoTime();
        SqliteTransport transport = SqliteTransport.open(settings, subscriptionEvents);
        LOG.info("history: {} (sync={}, {} events, at most {}{}), opened in {} ms, last event {}",
                settings.file().toAbsolutePath().normalize(), settings.sync().label(), settings.maxEvents(),
                mebibytes(settings.maxBytes()), settings.maxAge().isZero() ? "" : ", at most " + settings.maxAge(),
                (System.nanoTime() - start) / 1_000_000, transport.history().lastEventId());
        return transport;
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
