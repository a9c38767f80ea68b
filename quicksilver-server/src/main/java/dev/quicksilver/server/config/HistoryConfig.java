package dev.quicksilver.server.config;

import dev.quicksilver.sqlite.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where and how long events are kept for reconnecting clients.
 *
 * @param store where the history is kept
 * @param dataDir the directory of the durable history, or null for none
 * @param size the number of events kept
 * @param maxBytes the bytes the events kept may take, 0 for the hub's choice (a quarter of the heap in
 *     memory, 1 GiB on disk)
 * @param maxAge the oldest event kept, {@link Duration#ZERO} for no limit (durable history only)
 * @param sync when a publish counts as durable (durable history only)
 * @param transport the Redis URL of cluster mode (then Redis keeps the history, not {@code store}), or null
 * @param replicas cluster mode: the Redis replicas a publish waits for
 */
public record HistoryConfig(HistoryStore store, @Nullable Path dataDir, int size, long maxBytes, Duration maxAge,
        SyncPolicy sync, @Nullable String transport, int replicas) {

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private HistoryStore store;
        private Path dataDir;
        private int size;
        private long maxBytes;
        private Duration maxAge;
        private SyncPolicy sync;
        private String transport;
        private int replicas;

        Builder() {}

        private Builder(HistoryConfig from) {
            store = from.store;
            dataDir = from.dataDir;
            size = from.size;
            maxBytes = from.maxBytes;
            maxAge = from.maxAge;
            sync = from.sync;
            transport = from.transport;
            replicas = from.replicas;
        }

        public Builder store(HistoryStore v) { store = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder size(int v) { size = v; return this; }
        public Builder maxBytes(long v) { maxBytes = v; return this; }
        public Builder maxAge(Duration v) { maxAge = v; return this; }
        public Builder sync(SyncPolicy v) { sync = v; return this; }
        public Builder transport(String v) { transport = v; return this; }
        public Builder replicas(int v) { replicas = v; return this; }

        public HistoryConfig build() {
            return new HistoryConfig(store, dataDir, size, maxBytes, maxAge, sync, transport, replicas);
        }
    }
}
