package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.TokenKey;
import dev.quicksilver.sqlite.SyncPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds the {@link HubConfig} from command-line flags and environment variables. Precedence: a
 * flag, then the hub's own variable ({@code QUICKSILVER_...}), then the reference image's
 * {@code MERCURE_EXTRA_DIRECTIVES}, then the older names (seed era, reference image), then the
 * default. Every problem is collected and reported at once, naming the setting.
 */
public final class ConfigLoader {
    /** The seed era's key names: keys given under them are read in the targets dialect by default. */
    private static final Set<String> SEED_KEY_NAMES = Set.of("JWT_KEY", "PUBLISHER_JWT_KEY", "SUBSCRIBER_JWT_KEY");

    private static final String NO_ACME = "certificates are not obtained by ACME: give PEM files with tls-cert and "
            + "tls-key, or terminate TLS in a reverse proxy";
    private static final String NO_TRANSPORT = "only local:// (history in memory) and bolt://FILE (durable history "
            + "in FILE's directory) are supported; a cluster transport is not available in this version";
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("ACME_HOSTS", NO_ACME), Map.entry("ACME_CERT_DIR", NO_ACME), Map.entry("ACME_HTTP01_ADDR", NO_ACME));
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
    private final Map<Setting, String> flags;
    private final Map<String, String> issuerFlags;
    private final CaddyDirectives directives;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private ConfigLoader(Map<String, String> env, Map<Setting, String> flags, Map<String, String> issuerFlags) {
        this.env = env;
        this.flags = flags;
        this.issuerFlags = issuerFlags;
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
        ConfigLoader loader = new ConfigLoader(env, flags, issuerFlags);
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

        HubConfig.Builder b = new HubConfig.Builder();
        ListenAddress address = address();
        b.host(address.host()).port(address.port());
        keys(b);
        b.requireExpiry(get(Setting.JWT_REQUIRE_EXP, Values::bool, false));
        b.publicPublish(get(Setting.PUBLIC_PUBLISH, Values::bool, false));
        boolean demo = get(Setting.DEMO, Values::bool, false);
        b.demo(demo);
        b.ui(get(Setting.UI, Values::bool, false));
        b.anonymous(get(Setting.ANONYMOUS, Values::bool, false) || demo);
        b.subscriptions(get(Setting.SUBSCRIPTIONS, Values::bool, false) || demo);
        b.corsOrigins(origins(Setting.CORS_ORIGINS, false));
        b.publishOrigins(origins(Setting.PUBLISH_ORIGINS, true));
        b.cookieName(get(Setting.COOKIE_NAME, this::cookieName, "mercureAuthorization"));
        b.authorizationQuery(get(Setting.AUTHORIZATION_QUERY, Values::bool, false));
        b.heartbeat(get(Setting.HEARTBEAT, Values::duration, Duration.ZERO));
        b.writeTimeout(get(Setting.WRITE_TIMEOUT, Values::duration, Duration.ZERO));
        b.readTimeout(get(Setting.READ_TIMEOUT, v -> positive(Values.duration(v)), Duration.ofSeconds(10)));
        b.historySize(get(Setting.HISTORY_SIZE, Values::size, 0));
        b.maxBodySize(get(Setting.MAX_BODY_SIZE, v -> atLeast(Values.size(v), 1024), 1 << 20));
        b.maxTopics(get(Setting.MAX_TOPICS, v -> atLeast(Values.size(v), 1), 1000));
        b.maxSelectorLength(get(Setting.MAX_SELECTOR_LENGTH, v -> atLeast(Values.size(v), 1), 4096));
        b.subscriberBuffer(get(Setting.SUBSCRIBER_BUFFER, v -> atLeast(Values.size(v), 4096), 1 << 20));
        b.threads(get(Setting.THREADS, Values::size, 0));
        b.shutdownTimeout(get(Setting.SHUTDOWN_TIMEOUT, Values::duration, Duration.ofSeconds(10)));
        b.publicUrl(get(Setting.PUBLIC_URL, this::publicUrl, null));
        b.playground(get(Setting.PLAYGROUND, Values::bool, false) || demo);
        b.accessTokenCookie(get(Setting.ACCESS_TOKEN_COOKIE, this::cookieName, "__Secure-mercure_access_token"));
        b.maxMatchers(get(Setting.MAX_MATCHERS, v -> atLeast(Values.size(v), 1), 100));
        b.maxMatchLength(get(Setting.MAX_MATCH_LENGTH, v -> atLeast(Values.size(v), 1), 4096));
        b.maxConnections(get(Setting.MAX_CONNECTIONS, ConfigLoader::maxConnections, maxConnections("auto")));
        b.maxConnectionsPerClient(get(Setting.MAX_CONNECTIONS_PER_CLIENT, Values::size, 0));
        history(b);
        metrics(b);
        tls(b);
        b.sources(sources);
        HubConfig partial = b.legacy(false).build();
        boolean legacyDefault = legacyByDefault(partial);
        b.legacy(raw(Setting.LEGACY).source() == null ? legacyDefault : get(Setting.LEGACY, Values::bool, legacyDefault));
        return b.build();
    }

    /** Unknown QUICKSILVER_ variables stop the hub; so do older settings this hub cannot honour. */
    private void checkNames() {
        Set<String> known = new java.util.HashSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.env());
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
            if (!url.isEmpty() && !url.startsWith("local:") && !url.startsWith("null:") && !url.startsWith("bolt:")) {
                problems.add(name + ": " + NO_TRANSPORT);
            }
        }
        String logFormat = env.getOrDefault("LOG_FORMAT", "");
        if (!logFormat.isEmpty() && !logFormat.equalsIgnoreCase("TEXT")) {
            problems.add("LOG_FORMAT: only TEXT is supported by this version");
        }
    }

    private ListenAddress address() {
        Raw raw = raw(Setting.ADDR);
        if (raw.source() != null) {
            sources.put(Setting.ADDR.flag(), raw.source());
        }
        try {
            if (raw.source() == null && !env.getOrDefault("SERVER_NAME", "").isEmpty()) {
                sources.put(Setting.ADDR.flag(), "SERVER_NAME");
                return ListenAddress.fromServerName(env.get("SERVER_NAME"));
            }
            return ListenAddress.parse(raw.value());
        } catch (IllegalArgumentException e) {
            problems.add((raw.source() == null ? "SERVER_NAME" : raw.source()) + ": " + e.getMessage());
            return new ListenAddress(null, 3000);
        }
    }

    private void keys(HubConfig.Builder b) {
        Raw publisher = raw(Setting.PUBLISHER_JWT_KEY);
        Raw subscriber = raw(Setting.SUBSCRIBER_JWT_KEY);
        Raw dialect = raw(Setting.JWT_DIALECT);
        Dialect forced = null;
        if (dialect.source() != null) {
            try {
                forced = Dialect.parse(dialect.value());
            } catch (IllegalArgumentException e) {
                problems.add(dialect.source() + ": " + e.getMessage());
            }
        }
        List<IssuerSpec> issuers = new ArrayList<>(new IssuerSettings(problems).read(env, issuerFlags));
        issuers.addAll(directiveIssuers());
        b.issuers(issuers);
        boolean playground = get(Setting.PLAYGROUND, Values::bool, false) || get(Setting.DEMO, Values::bool, false);
        if (publisher.source() == null && subscriber.source() == null && !issuers.isEmpty()) {
            b.publisherKeys(List.of()).subscriberKeys(List.of()).generatedKey(false);
            if (issuers.stream().noneMatch(IssuerSpec::verifiesPublishers) && !playground) {
                problems.add("no issuer verifies publishers' tokens: give one a KEY or JWKS_URL");
            }
            return;
        }
        if (publisher.source() == null && subscriber.source() == null) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            KeySpec key = new KeySpec(generated, null, forced == null ? Dialect.LEGACY : forced, "generated");
            b.publisherKeys(List.of(key)).subscriberKeys(List.of(key)).generatedKey(true);
            return;
        }
        boolean anonymous = get(Setting.ANONYMOUS, Values::bool, false) || get(Setting.DEMO, Values::bool, false);
        boolean issuerVerifiesSubscribers = issuers.stream().anyMatch(IssuerSpec::verifiesSubscribers);
        if (publisher.source() == null && issuers.stream().noneMatch(IssuerSpec::verifiesPublishers)) {
            problems.add("no publisher key: set QUICKSILVER_PUBLISHER_JWT_KEY (or PUBLISHER_JWT_KEY, JWT_KEY)");
        }
        if (subscriber.source() == null && !anonymous && !issuerVerifiesSubscribers) {
            problems.add("no subscriber key: set QUICKSILVER_SUBSCRIBER_JWT_KEY (or SUBSCRIBER_JWT_KEY, JWT_KEY), "
                    + "or allow anonymous subscribers");
        }
        b.publisherKeys(keyList(Setting.PUBLISHER_JWT_KEY, publisher, raw(Setting.PUBLISHER_JWT_ALG), forced));
        b.subscriberKeys(keyList(Setting.SUBSCRIBER_JWT_KEY, subscriber, raw(Setting.SUBSCRIBER_JWT_ALG), forced));
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
        List<String> origins = get(setting, Values::list, List.of());
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
    private void history(HubConfig.Builder b) {
        b.historySync(get(Setting.HISTORY_SYNC, SyncPolicy::parse, SyncPolicy.FULL));
        b.historyMaxAge(get(Setting.HISTORY_MAX_AGE, Values::duration, Duration.ZERO));
        Raw url = transportUrl();
        Path dataDir = dataDir(url);
        b.dataDir(dataDir);
        Raw chosen = raw(Setting.HISTORY);
        HistoryStore store;
        if (chosen.source() != null) {
            store = get(Setting.HISTORY, HistoryStore::parse, HistoryStore.MEMORY);
        } else if (url != null && url.value().startsWith("local:")) {
            store = HistoryStore.MEMORY;
            sources.put(Setting.HISTORY.flag(), url.source());
        } else {
            store = dataDir != null ? HistoryStore.SQLITE : HistoryStore.MEMORY;
        }
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
        b.history(store);
    }

    /**
     * Metrics, and where they are served. Turned on by the seed era's {@code METRICS_ENABLED}, they
     * are served where that hub served them, on {@code 127.0.0.1:9764}, unless an address is given.
     */
    private void metrics(HubConfig.Builder b) {
        boolean on = get(Setting.METRICS, Values::bool, true);
        Raw addr = raw(Setting.METRICS_ADDR);
        ListenAddress address = get(Setting.METRICS_ADDR, v -> v.isBlank() ? null : ListenAddress.parse(v), null);
        if (address == null && on && "METRICS_ENABLED".equals(raw(Setting.METRICS).source())) {
            address = SEED_METRICS_ADDR;
            notes.add("METRICS_ENABLED: metrics are served on " + SEED_METRICS_ADDR.text()
                    + ", as by the seed-era hub (set metrics-addr to choose)");
        }
        if (!on && addr.source() != null && !addr.value().isBlank()) {
            problems.add(addr.source() + ": metrics are off (" + raw(Setting.METRICS).source() + "), so there is "
                    + "nothing to serve on this address");
        }
        b.metrics(on).metricsAddr(on ? address : null);
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
            return get(Setting.DATA_DIR, v -> v.isBlank() ? null : Path.of(v.strip()), null);
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
    private void tls(HubConfig.Builder b) {
        Path cert = get(Setting.TLS_CERT, ConfigLoader::readableFile, null);
        Path key = get(Setting.TLS_KEY, ConfigLoader::readableFile, null);
        Raw rawCert = raw(Setting.TLS_CERT);
        Raw rawKey = raw(Setting.TLS_KEY);
        if ((rawCert.source() == null) != (rawKey.source() == null)) {
            Raw given = rawCert.source() != null ? rawCert : rawKey;
            Setting missing = rawCert.source() != null ? Setting.TLS_KEY : Setting.TLS_CERT;
            problems.add(given.source() + ": TLS also needs " + missing.env() + " (or --" + missing.flag() + ")");
            return;
        }
        if (cert != null && key != null) {
            b.tls(cert, key);
        }
    }

    private static Path readableFile(String v) {
        if (v.isBlank()) {
            return null;
        }
        Path path = Path.of(v.strip());
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
            throw new IllegalArgumentException("\"" + v + "\" is not a readable file");
        }
        return path;
    }

    /** 0.x features are on unless only 1.0 issuers are configured. */
    private static boolean legacyByDefault(HubConfig c) {
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

    private String publicUrl(String v) {
        if (v.isEmpty()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(v);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("\"" + v + "\" is not an absolute http(s) URL");
            }
            return v;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a URL");
        }
    }

    /** {@code auto}: the open-file limit less room for the hub's own files and for publishers. */
    static int maxConnections(String v) {
        if (!v.trim().equalsIgnoreCase("auto")) {
            return atLeast(Values.size(v), 1);
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.max(64, Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount() - 256));
        }
        return 100_000;
    }

    private String cookieName(String v) {
        if (!v.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
            throw new IllegalArgumentException("\"" + v + "\" is not a valid cookie name");
        }
        return v;
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be more than 0");
        }
        return d;
    }

    private static int atLeast(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        return n;
    }

    private record Raw(String value, String source) {}

    private Raw raw(Setting s) {
        if (flags.containsKey(s)) {
            return new Raw(flags.get(s), "--" + s.flag());
        }
        if (env.containsKey(s.env())) {
            return new Raw(env.get(s.env()), s.env());
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

    private <T> T get(Setting s, Function<String, T> parse, T fallback) {
        Raw raw = raw(s);
        if (raw.source() != null) {
            sources.put(s.flag(), raw.source());
        }
        try {
            return parse.apply(raw.value() == null ? "" : raw.value());
        } catch (IllegalArgumentException e) {
            problems.add((raw.source() == null ? "default of --" + s.flag() : raw.source()) + ": " + e.getMessage());
            return fallback;
        }
    }
}
