package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.TokenKey;
import dev.quicksilver.redis.RedisUrl;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the {@link HubConfig} from command-line flags and environment variables. Precedence: a
 * flag, then the hub's own variable ({@code QUICKSILVER_...}), then the reference image's
 * {@code MERCURE_EXTRA_DIRECTIVES}, then the older names (seed era, reference image), then the
 * default. A renamed setting's former flag and variable come right after the new ones. Every
 * problem is collected and reported at once, naming the setting.
 */
public final class ConfigLoader {
    /** The seed era's key names: keys given under them are read in the targets dialect by default. */
    private static final Set<String> SEED_KEY_NAMES = Set.of("JWT_KEY", "PUBLISHER_JWT_KEY", "SUBSCRIBER_JWT_KEY");

    private static final String NO_TRANSPORT = "only local:// (history in memory), bolt://FILE (durable history "
            + "in FILE's directory) and Redis URLs (cluster mode: redis://, rediss://, redis-sentinel://, "
            + "redis-cluster://) are supported";
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("ACME_CERT_DIR", "ACME certificates are kept in the data directory's acme/ (data-dir)"));
    private static final Map<String, String> IGNORED = Map.of(
            "COMPRESS", "SSE streams are not compressed",
            "USE_FORWARDED_HEADERS", "the hub makes no decision on client addresses",
            "HISTORY_CLEANUP_FREQUENCY", "the history applies history-size and history-max-age by itself",
            "DISPATCH_TIMEOUT", "dispatch never waits on a subscriber: a slow one is disconnected",
            "READ_HEADER_TIMEOUT", "read-timeout covers the whole request");
    /** Where the seed-era hub served metrics by default. */
    private static final ListenAddress SEED_METRICS_ADDR = new ListenAddress("127.0.0.1", 9764);
    private static final Pattern ORIGIN = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://(\\*\\.)?[^/\\s*]+");

    private final Map<String, String> env;
    /** Settings' flags by the name given (without dashes): their own, or a former one. */
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final Map<String, String> issuerFlags = new LinkedHashMap<>();
    private final CaddyDirectives directives;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private ConfigLoader(Map<String, String> env, Map<String, String> flags) {
        this.env = env;
        Set<String> settingNames = new java.util.HashSet<>();
        for (Setting s : Setting.values()) {
            settingNames.add(s.flag());
            if (s.formerName() != null) {
                settingNames.add(s.formerName());
            }
        }
        // Anything else is left to IssuerSettings, which names what it does not know.
        flags.forEach((name, value) -> (settingNames.contains(name) ? this.flags : issuerFlags).put(name, value));
        this.directives = new CaddyDirectives(env.getOrDefault("MERCURE_EXTRA_DIRECTIVES", ""), env);
    }

    /** The configuration a hub started with no setting at all uses (with a random key). */
    public static HubConfig defaults() {
        try {
            return load(Map.of(), Map.of()).config();
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults are invalid", e);
        }
    }

    /** The configuration, and notes for the log about settings that were accepted but mean nothing here. */
    public record Loaded(HubConfig config, List<String> notes) {}

    public static Loaded load(Map<String, String> env, Map<Setting, String> flags) throws ConfigException {
        return load(env, flags, Map.of());
    }

    /** @param issuerFlags {@code issuer-<n>-<field>} flags (without dashes) and their values */
    public static Loaded load(Map<String, String> env, Map<Setting, String> flags, Map<String, String> issuerFlags)
            throws ConfigException {
        Map<String, String> byName = new LinkedHashMap<>(issuerFlags);
        flags.forEach((setting, value) -> byName.put(setting.flag(), value));
        return fromCommandLine(env, byName);
    }

    /**
     * @param flags the command line's flags by the name given, without dashes: a setting's flag or
     *     its former name, or {@code issuer-<n>-<field>}; and their values
     */
    public static Loaded fromCommandLine(Map<String, String> env, Map<String, String> flags) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(env, flags);
        HubConfig config = loader.build();
        if (!loader.problems.isEmpty()) {
            throw new ConfigException(new ArrayList<>(new java.util.LinkedHashSet<>(loader.problems)));
        }
        return new Loaded(config, List.copyOf(loader.notes));
    }

    private HubConfig build() {
        problems.addAll(directives.problems);
        directives.ignored.forEach(d -> notes.add("MERCURE_EXTRA_DIRECTIVES: " + d + " is accepted and has no effect"));
        checkNames();
        noteFormerNames();

        boolean demo = isOn(Setting.DEMO);
        ListenAddress address = address();
        ListenConfig listen = new ListenConfig.Builder().host(address.host()).port(address.port())
                .publicUrl(value(Setting.PUBLIC_URL))
                .threads(value(Setting.THREADS))
                .ioTransport(value(Setting.IO_TRANSPORT))
                .shutdownTimeout(value(Setting.SHUTDOWN_TIMEOUT))
                .drainDelay(value(Setting.DRAIN_DELAY))
                .build();
        AuthConfig auth = keys(new AuthConfig.Builder())
                .requireExpiry(value(Setting.JWT_REQUIRE_EXP))
                .publicPublish(value(Setting.PUBLIC_PUBLISH))
                .anonymous(isOn(Setting.ANONYMOUS) || demo)
                .cookieName(value(Setting.COOKIE_NAME))
                .accessTokenCookie(value(Setting.ACCESS_TOKEN_COOKIE))
                .authorizationQuery(value(Setting.AUTHORIZATION_QUERY))
                .publishOrigins(origins(Setting.PUBLISH_ORIGINS, true))
                .playground(isOn(Setting.PLAYGROUND) || demo)
                .build();
        CorsConfig cors = new CorsConfig(origins(Setting.CORS_ORIGINS, false));
        StreamsConfig streams = new StreamsConfig.Builder()
                .heartbeat(value(Setting.HEARTBEAT))
                .maxLife(value(Setting.STREAM_MAX_LIFE))
                .subscriberBuffer(value(Setting.SUBSCRIBER_BUFFER))
                .directSend(isOn(Setting.DIRECT_SEND))
                .build();
        LimitsConfig limits = new LimitsConfig.Builder()
                .maxBodySize(value(Setting.MAX_BODY_SIZE))
                .maxTopics(value(Setting.MAX_TOPICS))
                .maxSelectorLength(value(Setting.MAX_SELECTOR_LENGTH))
                .maxMatchers(value(Setting.MAX_MATCHERS))
                .maxMatchLength(value(Setting.MAX_MATCH_LENGTH))
                .maxConnections(value(Setting.MAX_CONNECTIONS))
                .maxConnectionsPerClient(value(Setting.MAX_CONNECTIONS_PER_CLIENT))
                .readTimeout(value(Setting.READ_TIMEOUT))
                .build();
        Boolean legacy = value(Setting.LEGACY);
        FeaturesConfig features = new FeaturesConfig.Builder()
                .legacy(legacy != null ? legacy : legacyByDefault(auth))
                .subscriptions(isOn(Setting.SUBSCRIPTIONS) || demo)
                .demo(demo)
                .ui(value(Setting.UI))
                .build();
        LogConfig log = new LogConfig(value(Setting.LOG_FORMAT), value(Setting.LOG_LEVEL), isOn(Setting.ACCESS_LOG));
        HistoryConfig history = history();
        TlsConfig tls = tls();
        TracesConfig traces = TracesConfig.of(env);
        problems.addAll(traces.problems());
        return new HubConfig(listen, auth, cors, streams, history, limits, metrics(), tls, features, log,
                acme(history, tls), traces, sources);
    }

    /**
     * ACME: acme-domains, else the domain of an {@code https://} {@code SERVER_NAME}, which also
     * brings the reference image's cleartext port 80 with redirects, unless they are set.
     */
    private AcmeConfig acme(HistoryConfig history, TlsConfig tls) {
        List<String> domains = value(Setting.ACME_DOMAINS);
        String fromServerName = ListenAddress.httpsDomain(env.getOrDefault("SERVER_NAME", ""));
        boolean byServerName = domains.isEmpty() && fromServerName != null;
        if (byServerName) {
            domains = List.of(fromServerName);
            sources.put(Setting.ACME_DOMAINS.flag(), "SERVER_NAME");
        }
        ListenAddress httpAddr = value(Setting.HTTP_ADDR);
        boolean redirect = isOn(Setting.HTTP_REDIRECT);
        if (byServerName && raw(Setting.HTTP_ADDR).source() == null) {
            httpAddr = new ListenAddress(null, 80);
        }
        if (byServerName && raw(Setting.HTTP_REDIRECT).source() == null) {
            redirect = true;
        }
        AcmeConfig.Challenge challenge = value(Setting.ACME_CHALLENGE);
        if (!domains.isEmpty()) {
            String source = byServerName ? "SERVER_NAME" : raw(Setting.ACME_DOMAINS).source();
            if (history.dataDir() == null) {
                problems.add(source + ": ACME keeps its account key and certificates in the data directory; set "
                        + Setting.DATA_DIR.env());
            }
            if (tls.enabled()) {
                problems.add(source + ": ACME and tls-cert/tls-key both give the HTTPS certificate; choose one");
            }
            if (challenge == AcmeConfig.Challenge.HTTP_01 && httpAddr == null) {
                problems.add(raw(Setting.ACME_CHALLENGE).source() + ": the http-01 challenge needs a cleartext "
                        + "listener: set " + Setting.HTTP_ADDR.env() + " (e.g. :80)");
            }
        }
        String directory = value(Setting.ACME_DIRECTORY);
        return new AcmeConfig(domains, value(Setting.ACME_EMAIL), java.net.URI.create(directory), challenge,
                value(Setting.ACME_CA_ROOT), value(Setting.ACME_RENEW_BEFORE), AcmeConfig.NONE.firstRetry(), httpAddr,
                redirect);
    }

    /** A renamed setting given under its former name is read, and the log gives the new name. */
    private void noteFormerNames() {
        for (Setting s : Setting.values()) {
            String renamed = ": " + s.formerName() + " is now " + s.flag() + " (--" + s.flag() + ", " + s.env() + ")";
            if (s.formerName() != null && flags.containsKey(s.formerName())) {
                notes.add("--" + s.formerName() + renamed);
            }
            if (s.formerEnv() != null && env.containsKey(s.formerEnv())) {
                notes.add(s.formerEnv() + renamed);
            }
        }
    }

    /** Unknown QUICKSILVER_ variables stop the hub; so do older settings this hub cannot honour. */
    private void checkNames() {
        Set<String> known = new java.util.HashSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.env());
            if (s.formerEnv() != null) {
                known.add(s.formerEnv());
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith("QUICKSILVER_") && !known.contains(name) && !IssuerSettings.isIssuerVariable(name)) {
                problems.add(name + ": unknown setting (see --help for the list)");
            }
            String value = env.get(name);
            if (UNSUPPORTED.containsKey(name) && !value.isEmpty()) {
                problems.add(name + ": " + UNSUPPORTED.get(name));
            }
            if (IGNORED.containsKey(name) && !value.isEmpty()) {
                notes.add(name + " is accepted and has no effect: " + IGNORED.get(name));
            }
        }
        for (String name : List.of("TRANSPORT_URL", "MERCURE_TRANSPORT_URL")) {
            String url = env.getOrDefault(name, "");
            if (!url.isEmpty() && !url.startsWith("local:") && !url.startsWith("null:") && !url.startsWith("bolt:")
                    && !isRedis(url)) {
                problems.add(name + ": " + NO_TRANSPORT);
            }
        }
    }

    /** The address: addr, else the reference image's {@code SERVER_NAME}, else the default. */
    private ListenAddress address() {
        String serverName = env.getOrDefault("SERVER_NAME", "");
        if (raw(Setting.ADDR).source() != null || serverName.isEmpty()) {
            return value(Setting.ADDR);
        }
        sources.put(Setting.ADDR.flag(), "SERVER_NAME");
        try {
            return ListenAddress.fromServerName(serverName);
        } catch (IllegalArgumentException e) {
            problems.add("SERVER_NAME: " + e.getMessage());
            return (ListenAddress) Setting.ADDR.parsedDefault();
        }
    }

    /** The keys and issuers that verify tokens. */
    private AuthConfig.Builder keys(AuthConfig.Builder b) {
        Raw publisher = raw(Setting.PUBLISHER_JWT_KEY);
        Raw subscriber = raw(Setting.SUBSCRIBER_JWT_KEY);
        Dialect forced = value(Setting.JWT_DIALECT);
        List<IssuerSpec> issuers = new ArrayList<>(new IssuerSettings(problems).read(env, issuerFlags));
        issuers.addAll(directiveIssuers());
        b.issuers(issuers);
        boolean playground = isOn(Setting.PLAYGROUND) || isOn(Setting.DEMO);
        if (publisher.source() == null && subscriber.source() == null && !issuers.isEmpty()) {
            b.publisherKeys(List.of()).subscriberKeys(List.of()).generatedKey(false);
            if (issuers.stream().noneMatch(IssuerSpec::verifiesPublishers) && !playground) {
                problems.add("no issuer verifies publishers' tokens: give one a KEY or JWKS_URL");
            }
            return b;
        }
        if (publisher.source() == null && subscriber.source() == null) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            KeySpec key = new KeySpec(generated, null, forced == null ? Dialect.LEGACY : forced, "generated");
            return b.publisherKeys(List.of(key)).subscriberKeys(List.of(key)).generatedKey(true);
        }
        boolean anonymous = isOn(Setting.ANONYMOUS) || isOn(Setting.DEMO);
        boolean issuerVerifiesSubscribers = issuers.stream().anyMatch(IssuerSpec::verifiesSubscribers);
        if (publisher.source() == null && issuers.stream().noneMatch(IssuerSpec::verifiesPublishers)) {
            problems.add("no publisher key: set QUICKSILVER_PUBLISHER_JWT_KEY (or PUBLISHER_JWT_KEY, JWT_KEY)");
        }
        if (subscriber.source() == null && !anonymous && !issuerVerifiesSubscribers) {
            problems.add("no subscriber key: set QUICKSILVER_SUBSCRIBER_JWT_KEY (or SUBSCRIBER_JWT_KEY, JWT_KEY), "
                    + "or allow anonymous subscribers");
        }
        List<KeySpec> publisherKeys = keyList(Setting.PUBLISHER_JWT_KEY, publisher, raw(Setting.PUBLISHER_JWT_ALG), forced);
        List<KeySpec> subscriberKeys = keyList(Setting.SUBSCRIBER_JWT_KEY, subscriber, raw(Setting.SUBSCRIBER_JWT_ALG), forced);
        return b.generatedKey(false).publisherKeys(publisherKeys).subscriberKeys(subscriberKeys);
    }

    private List<KeySpec> keyList(Setting setting, Raw key, Raw alg, Dialect forced) {
        if (key.source() == null) {
            return List.of();
        }
        Dialect dialect = forced != null ? forced : SEED_KEY_NAMES.contains(key.source()) ? Dialect.TARGETS : Dialect.LEGACY;
        sources.put(setting.flag(), key.source());
        KeySpec spec = new KeySpec(key.value(), alg.value(), dialect, key.source());
        try {
            TokenKey.of(spec.material(), spec.algorithm(), TokenKey.Options.of(dialect));
        } catch (IllegalArgumentException e) {
            problems.add(key.source() + (alg.source() != null ? " / " + alg.source() : "") + ": " + e.getMessage());
        }
        return List.of(spec);
    }

    private List<String> origins(Setting setting, boolean wildcards) {
        List<String> origins = value(setting);
        for (String origin : origins) {
            boolean valid = origin.equals("*") || (ORIGIN.matcher(origin).matches()
                    && (wildcards || !origin.contains("*")));
            if (!valid) {
                problems.add(raw(setting).source() + ": \"" + origin + "\" is not an origin (scheme://host[:port], "
                        + "no path or trailing slash, or *)");
            }
        }
        return origins;
    }

    /**
     * Where history goes. The data directory: data-dir, else the directory of a {@code bolt://}
     * transport URL's file, else that of the seed era's {@code DB_PATH} file (both named a bolt
     * file; this hub keeps its own file beside it and never reads theirs), else the default. The
     * store: history, else the transport URL ({@code local://} means memory), else {@code sqlite}
     * when there is a data directory.
     */
    private HistoryConfig history() {
        Raw url = transportUrl();
        Path dataDir = dataDir(url);
        Raw chosen = raw(Setting.HISTORY);
        HistoryStore store = store(url, dataDir);
        if (store == HistoryStore.SQLITE && dataDir == null) {
            problems.add((chosen.source() != null ? chosen.source() : "history") + ": the sqlite history needs a "
                    + "data directory (" + Setting.DATA_DIR.env() + ")");
        }
        if (store == HistoryStore.MEMORY) {
            for (Setting s : List.of(Setting.HISTORY_SYNC, Setting.HISTORY_MAX_AGE)) {
                if (raw(s).source() != null) {
                    notes.add(raw(s).source() + " is accepted and has no effect: the history is in memory");
                }
            }
        }
        return new HistoryConfig.Builder().store(store).dataDir(dataDir)
                .size(value(Setting.HISTORY_SIZE))
                .maxBytes(value(Setting.HISTORY_MAX_BYTES))
                .maxAge(value(Setting.HISTORY_MAX_AGE))
                .sync(value(Setting.HISTORY_SYNC))
                .transport(transport(url))
                .replicas(value(Setting.TRANSPORT_REPLICAS))
                .build();
    }

    /** Cluster mode's Redis: the transport setting, else a Redis URL in the reference image's transport URL. */
    private String transport(Raw url) {
        String chosen = value(Setting.TRANSPORT);
        if (chosen != null || url == null || !isRedis(url.value())) {
            return chosen;
        }
        sources.put(Setting.TRANSPORT.flag(), url.source());
        try {
            return RedisUrl.validate(url.value());
        } catch (IllegalArgumentException e) {
            problems.add(url.source() + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean isRedis(String url) {
        return url.startsWith("redis:") || url.startsWith("rediss:") || url.startsWith("redis-");
    }

    private HistoryStore store(Raw url, Path dataDir) {
        HistoryStore chosen = value(Setting.HISTORY);
        if (chosen != null) {
            return chosen;
        }
        if (url != null && url.value().startsWith("local:")) {
            sources.put(Setting.HISTORY.flag(), url.source());
            return HistoryStore.MEMORY;
        }
        return dataDir != null ? HistoryStore.SQLITE : HistoryStore.MEMORY;
    }

    /**
     * Metrics, and where they are served. Turned on by the seed era's {@code METRICS_ENABLED}, they
     * are served where that hub served them, on {@code 127.0.0.1:9764}, unless an address is given.
     */
    private MetricsConfig metrics() {
        boolean on = isOn(Setting.METRICS);
        Raw addr = raw(Setting.METRICS_ADDR);
        ListenAddress address = value(Setting.METRICS_ADDR);
        if (address == null && on && "METRICS_ENABLED".equals(raw(Setting.METRICS).source())) {
            address = SEED_METRICS_ADDR;
            notes.add("METRICS_ENABLED: metrics are served on " + SEED_METRICS_ADDR.text()
                    + ", as by the seed-era hub (set metrics-addr to choose)");
        }
        if (!on && addr.source() != null && !addr.value().isBlank()) {
            problems.add(addr.source() + ": metrics are off (" + raw(Setting.METRICS).source() + "), so there is "
                    + "nothing to serve on this address");
        }
        return new MetricsConfig(on, on ? address : null);
    }

    /** The transport URL, when one is set; its query ({@code size}, {@code cleanup_frequency}) is not read. */
    private Raw transportUrl() {
        for (String name : List.of("MERCURE_TRANSPORT_URL", "TRANSPORT_URL")) {
            String url = env.getOrDefault(name, "");
            if (!url.isEmpty()) {
                if (url.startsWith("bolt:") && url.contains("?")) {
                    notes.add(name + ": the query is not read; retention is set by history-size and history-max-age");
                }
                return new Raw(url, name);
            }
        }
        return null;
    }

    private Path dataDir(Raw url) {
        String dbPath = env.getOrDefault("DB_PATH", "");
        boolean bolt = url != null && url.value().startsWith("bolt:");
        if (raw(Setting.DATA_DIR).source() != null || (!bolt && dbPath.isEmpty())) {
            return value(Setting.DATA_DIR);
        }
        String source = bolt ? url.source() : "DB_PATH";
        String file = bolt ? url.value().substring("bolt:".length()).replaceFirst("^//", "").replaceFirst("\\?.*$", "")
                : dbPath;
        sources.put(Setting.DATA_DIR.flag(), source);
        try {
            if (file.isBlank()) {
                throw new IllegalArgumentException("names no file");
            }
            Path parent = Path.of(file).getParent();
            return parent != null ? parent : Path.of(".");
        } catch (IllegalArgumentException e) {
            problems.add(source + ": \"" + file + "\" " + (file.isBlank() ? "names no file" : "is not a file path"));
            return null;
        }
    }

    /** TLS files: both or neither, each a readable file (their content is read when the hub starts). */
    private TlsConfig tls() {
        Path cert = value(Setting.TLS_CERT);
        Path key = value(Setting.TLS_KEY);
        Raw rawCert = raw(Setting.TLS_CERT);
        Raw rawKey = raw(Setting.TLS_KEY);
        if ((rawCert.source() == null) != (rawKey.source() == null)) {
            Raw given = rawCert.source() != null ? rawCert : rawKey;
            Setting missing = rawCert.source() != null ? Setting.TLS_KEY : Setting.TLS_CERT;
            problems.add(given.source() + ": TLS also needs " + missing.env() + " (or --" + missing.flag() + ")");
            return TlsConfig.NONE;
        }
        return cert != null && key != null ? new TlsConfig(cert, key) : TlsConfig.NONE;
    }

    /** 0.x features are on unless only 1.0 issuers are configured. */
    private static boolean legacyByDefault(AuthConfig c) {
        boolean legacyKeys = !c.publisherKeys().isEmpty() || !c.subscriberKeys().isEmpty();
        boolean legacyIssuers = c.issuers().stream().anyMatch(i -> i.dialect() != Dialect.OAUTH);
        return legacyKeys || legacyIssuers || c.issuers().isEmpty();
    }

    /** The reference image's {@code publisher_jwks_url} / {@code subscriber_jwks_url} directives: a legacy issuer. */
    private List<IssuerSpec> directiveIssuers() {
        String publisher = directives.jwks.get("publisher");
        String subscriber = directives.jwks.get("subscriber");
        if (publisher == null && subscriber == null) {
            return List.of();
        }
        // Checked now, as for numbered issuers, so a bad URL is named rather than failing the start.
        IssuerSettings.checkJwksUrl("MERCURE_EXTRA_DIRECTIVES publisher_jwks_url", publisher, problems);
        IssuerSettings.checkJwksUrl("MERCURE_EXTRA_DIRECTIVES subscriber_jwks_url", subscriber, problems);
        return List.of(new IssuerSpec(null, Dialect.LEGACY, List.of(), List.of(), publisher, subscriber,
                "MERCURE_EXTRA_DIRECTIVES"));
    }

    private record Raw(String value, String source) {}

    private Raw raw(Setting s) {
        if (flags.containsKey(s.flag())) {
            return new Raw(flags.get(s.flag()), "--" + s.flag());
        }
        if (s.formerName() != null && flags.containsKey(s.formerName())) {
            return new Raw(flags.get(s.formerName()), "--" + s.formerName());
        }
        if (env.containsKey(s.env())) {
            return new Raw(env.get(s.env()), s.env());
        }
        if (s.formerEnv() != null && env.containsKey(s.formerEnv())) {
            return new Raw(env.get(s.formerEnv()), s.formerEnv());
        }
        if (directives.values.containsKey(s)) {
            return new Raw(directives.values.get(s), "MERCURE_EXTRA_DIRECTIVES");
        }
        for (String alias : s.aliases()) {
            String v = env.get(alias);
            if (v != null && !v.isEmpty()) {
                return new Raw(v, alias);
            }
        }
        return new Raw(s.defaultValue(), null);
    }

    /** The value of a boolean setting. */
    private boolean isOn(Setting s) {
        return this.<Boolean>value(s);
    }

    /**
     * The setting's value, parsed by its own parser ({@link Setting}). A value that does not parse
     * is a problem, and the parsed default stands in for it so that the other settings can still
     * be checked: every problem is reported at once. Null when the setting has no default and is
     * not set.
     */
    @SuppressWarnings("unchecked") // The Setting table pairs each setting with its parser; the
    // caller's type is checked where the value is used (ConfigDefaultsTest loads every setting).
    private <T> T value(Setting s) {
        Raw raw = raw(s);
        if (raw.source() != null) {
            sources.put(s.flag(), raw.source());
        }
        if (raw.value() == null) {
            return null;
        }
        try {
            return (T) s.parse(raw.value());
        } catch (IllegalArgumentException e) {
            problems.add((raw.source() == null ? "default of --" + s.flag() : raw.source()) + ": " + e.getMessage());
            return raw.source() == null ? null : (T) s.parsedDefault();
        }
    }
}
