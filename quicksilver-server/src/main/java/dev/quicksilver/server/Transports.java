package dev.quicksilver.server;

import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.Transport;
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
        if (config.history().store() == HistoryStore.MEMORY) {
            LOG.info("history: in memory, {} events (lost on restart)", config.history().size());
            return new LocalTransport(new InMemoryHistory(config.history().size()));
        }
        Path dir = config.history().dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("data-dir " + dir + ": cannot create the directory (" + e + ")", e);
        }
        SqliteSettings settings = new SqliteSettings(dir.resolve(HISTORY_FILE), config.history().sync(),
                config.history().size(), config.history().maxAge(), READERS, clock);
        long start = System.nanoTime();
        SqliteTransport transport = SqliteTransport.open(settings);
        LOG.info("history: {} (sync={}, {} events{}), opened in {} ms, last event {}", settings.file().toAbsolutePath().normalize(),
                settings.sync().label(), settings.maxEvents(),
                settings.maxAge().isZero() ? "" : ", at most " + settings.maxAge(),
                (System.nanoTime() - start) / 1_000_000, transport.history().lastEventId());
        return transport;
    }
}
