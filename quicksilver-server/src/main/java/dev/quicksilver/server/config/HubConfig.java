package dev.quicksilver.server.config;

import dev.quicksilver.sqlite.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hub's effective configuration, typed and validated. Immutable. Build it with
 * {@link ConfigLoader} (from the environment and flags) or {@link #builder()} (embedding, tests).
 *
 * @param host the interface to listen on, or null for all
 * @param port the TCP port, 0 for any free one
 * @param generatedKey true when no key was configured and the hub made a random one
 * @param publicUrl the hub's public URL, or null to derive it from the listen address
 * @param legacy whether 0.x and seed-era wire features are served
 * @param issuers trusted issuers beyond the publisher and subscriber keys (which form an issuer of their own)
 * @param maxConnections most streams at once (already resolved from {@code auto})
 * @param maxConnectionsPerClient most streams per client, 0 for no limit
 * @param history where the history is kept
 * @param dataDir the directory of the durable history, or null for none
 * @param historySync when a publish counts as durable (durable history only)
 * @param historyMaxAge the oldest event kept, {@link Duration#ZERO} for no limit (durable history only)
 * @param metrics whether {@code /metrics} is served
 * @param metricsAddr the admin listener that serves {@code /metrics} instead of the main port, or null
 * @param tlsCert the PEM certificate chain served over TLS, or null for cleartext (then {@code tlsKey} is null too)
 * @param tlsKey the PEM private key of {@code tlsCert} (unencrypted PKCS#8), or null
 * @param sources for each setting given explicitly, where it came from (for the start-up log)
 */
public record HubConfig(String host, int port, List<KeySpec> publisherKeys, List<KeySpec> subscriberKeys,
        boolean generatedKey, boolean requireExpiry, boolean publicPublish, boolean anonymous,
        List<String> corsOrigins, List<String> publishOrigins, String cookieName, boolean authorizationQuery,
        Duration heartbeat, Duration writeTimeout, Duration readTimeout, boolean subscriptions, boolean demo,
        boolean ui, int historySize, int maxBodySize, int maxTopics, int maxSelectorLength, int subscriberBuffer,
        int threads, Duration shutdownTimeout, String publicUrl, boolean legacy, boolean playground,
        String accessTokenCookie, List<IssuerSpec> issuers, int maxMatchers, int maxMatchLength, int maxConnections,
        int maxConnectionsPerClient, HistoryStore history, Path dataDir, SyncPolicy historySync,
        Duration historyMaxAge, boolean metrics, ListenAddress metricsAddr, Path tlsCert, Path tlsKey,
        Map<String, String> sources) {

    public HubConfig {
        publisherKeys = List.copyOf(publisherKeys);
        subscriberKeys = List.copyOf(subscriberKeys);
        corsOrigins = List.copyOf(corsOrigins);
        publishOrigins = List.copyOf(publishOrigins);
        issuers = List.copyOf(issuers);
        sources = Map.copyOf(sources);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
    }

    /** Whether connections are served over TLS (HTTP/2 and HTTP/1.1 by ALPN), rather than cleartext. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** The defaults of every {@link Setting}, with a random key, to adjust. */
    public static Builder builder() {
        return ConfigLoader.defaults().toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.publisherKeys = publisherKeys;
        b.subscriberKeys = subscriberKeys;
        b.generatedKey = generatedKey;
        b.requireExpiry = requireExpiry;
        b.publicPublish = publicPublish;
        b.anonymous = anonymous;
        b.corsOrigins = corsOrigins;
        b.publishOrigins = publishOrigins;
        b.cookieName = cookieName;
        b.authorizationQuery = authorizationQuery;
        b.heartbeat = heartbeat;
        b.writeTimeout = writeTimeout;
        b.readTimeout = readTimeout;
        b.subscriptions = subscriptions;
        b.demo = demo;
        b.ui = ui;
        b.historySize = historySize;
        b.maxBodySize = maxBodySize;
        b.maxTopics = maxTopics;
        b.maxSelectorLength = maxSelectorLength;
        b.subscriberBuffer = subscriberBuffer;
        b.threads = threads;
        b.shutdownTimeout = shutdownTimeout;
        b.publicUrl = publicUrl;
        b.legacy = legacy;
        b.playground = playground;
        b.accessTokenCookie = accessTokenCookie;
        b.issuers = issuers;
        b.maxMatchers = maxMatchers;
        b.maxMatchLength = maxMatchLength;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerClient = maxConnectionsPerClient;
        b.history = history;
        b.dataDir = dataDir;
        b.historySync = historySync;
        b.historyMaxAge = historyMaxAge;
        b.metrics = metrics;
        b.metricsAddr = metricsAddr;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        b.sources = sources;
        return b;
    }

    /** Starts from the defaults of {@link Setting}. */
    public static final class Builder {
        private String host;
        private int port;
        private List<KeySpec> publisherKeys;
        private List<KeySpec> subscriberKeys;
        private boolean generatedKey;
        private boolean requireExpiry;
        private boolean publicPublish;
        private boolean anonymous;
        private List<String> corsOrigins;
        private List<String> publishOrigins;
        private String cookieName;
        private boolean authorizationQuery;
        private Duration heartbeat;
        private Duration writeTimeout;
        private Duration readTimeout;
        private boolean subscriptions;
        private boolean demo;
        private boolean ui;
        private int historySize;
        private int maxBodySize;
        private int maxTopics;
        private int maxSelectorLength;
        private int subscriberBuffer;
        private int threads;
        private Duration shutdownTimeout;
        private String publicUrl;
        private boolean legacy;
        private boolean playground;
        private String accessTokenCookie;
        private List<IssuerSpec> issuers;
        private int maxMatchers;
        private int maxMatchLength;
        private int maxConnections;
        private int maxConnectionsPerClient;
        private HistoryStore history;
        private Path dataDir;
        private SyncPolicy historySync;
        private Duration historyMaxAge;
        private boolean metrics;
        private ListenAddress metricsAddr;
        private Path tlsCert;
        private Path tlsKey;
        private Map<String, String> sources;

        Builder() {}

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder publisherKeys(List<KeySpec> v) { publisherKeys = v; return this; }
        public Builder subscriberKeys(List<KeySpec> v) { subscriberKeys = v; return this; }
        public Builder generatedKey(boolean v) { generatedKey = v; return this; }
        public Builder requireExpiry(boolean v) { requireExpiry = v; return this; }
        public Builder publicPublish(boolean v) { publicPublish = v; return this; }
        public Builder anonymous(boolean v) { anonymous = v; return this; }
        public Builder corsOrigins(List<String> v) { corsOrigins = v; return this; }
        public Builder publishOrigins(List<String> v) { publishOrigins = v; return this; }
        public Builder cookieName(String v) { cookieName = v; return this; }
        public Builder authorizationQuery(boolean v) { authorizationQuery = v; return this; }
        public Builder heartbeat(Duration v) { heartbeat = v; return this; }
        public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        public Builder subscriptions(boolean v) { subscriptions = v; return this; }
        public Builder demo(boolean v) { demo = v; return this; }
        public Builder ui(boolean v) { ui = v; return this; }
        public Builder historySize(int v) { historySize = v; return this; }
        public Builder maxBodySize(int v) { maxBodySize = v; return this; }
        public Builder maxTopics(int v) { maxTopics = v; return this; }
        public Builder maxSelectorLength(int v) { maxSelectorLength = v; return this; }
        public Builder subscriberBuffer(int v) { subscriberBuffer = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder publicUrl(String v) { publicUrl = v; return this; }
        public Builder legacy(boolean v) { legacy = v; return this; }
        public Builder playground(boolean v) { playground = v; return this; }
        public Builder accessTokenCookie(String v) { accessTokenCookie = v; return this; }
        public Builder issuers(List<IssuerSpec> v) { issuers = v; return this; }
        public Builder maxMatchers(int v) { maxMatchers = v; return this; }
        public Builder maxMatchLength(int v) { maxMatchLength = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerClient(int v) { maxConnectionsPerClient = v; return this; }
        public Builder history(HistoryStore v) { history = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder historySync(SyncPolicy v) { historySync = v; return this; }
        public Builder historyMaxAge(Duration v) { historyMaxAge = v; return this; }
        public Builder metrics(boolean v) { metrics = v; return this; }
        public Builder metricsAddr(ListenAddress v) { metricsAddr = v; return this; }
        /** Serves TLS with this PEM certificate chain and key; nulls for cleartext. */
        public Builder tls(Path cert, Path key) { tlsCert = cert; tlsKey = key; return this; }
        public Builder sources(Map<String, String> v) { sources = v; return this; }

        public HubConfig build() {
            return new HubConfig(host, port, publisherKeys, subscriberKeys, generatedKey, requireExpiry, publicPublish,
                    anonymous, corsOrigins, publishOrigins, cookieName, authorizationQuery, heartbeat, writeTimeout,
                    readTimeout, subscriptions, demo, ui, historySize, maxBodySize, maxTopics, maxSelectorLength,
                    subscriberBuffer, threads, shutdownTimeout, publicUrl, legacy, playground, accessTokenCookie, issuers,
                    maxMatchers, maxMatchLength, maxConnections, maxConnectionsPerClient, history, dataDir, historySync,
                    historyMaxAge, metrics, metricsAddr, tlsCert, tlsKey, sources);
        }
    }
}
