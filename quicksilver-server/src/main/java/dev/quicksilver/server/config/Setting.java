package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.redis.RedisUrl;
import dev.quicksilver.server.logging.LogFormat;
import dev.quicksilver.server.logging.LogLevel;
import dev.quicksilver.sqlite.SyncPolicy;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every setting of the hub: its flag ({@code --name}), its own environment variable
 * ({@code QUICKSILVER_NAME}), the names the seed-era hub and the reference image used for it, its
 * default, the parser of its values and what it does. This table is the single source for
 * parsing, defaults, {@code --help}, the start-up log line and the README's configuration table:
 * a default is the parsed default text, by the same parser as a value the user gives, so the
 * documented default and the one in effect cannot differ.
 */
public enum Setting {
    ADDR("addr", ":3000", ListenAddress::parse, "Address to listen on: `:port`, `host:port` or `[ipv6]:port`.",
            "ADDR"),
    PUBLISHER_JWT_KEY("publisher-jwt-key", null, Values::text,
            "Key that verifies publishers' tokens: a shared secret, or a PEM public key or certificate. "
                    + "With no key at all, the hub makes a random one and logs a token for it.",
            "PUBLISHER_JWT_KEY", "MERCURE_PUBLISHER_JWT_KEY", "JWT_KEY"),
    PUBLISHER_JWT_ALG("publisher-jwt-alg", null, Values::text,
            "Algorithm of the publisher key: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512. "
                    + "Default: HS256 for a secret, RS256 for RSA, the curve's for EC.",
            "PUBLISHER_JWT_ALGORITHM", "MERCURE_PUBLISHER_JWT_ALG", "JWT_ALGORITHM"),
    SUBSCRIBER_JWT_KEY("subscriber-jwt-key", null, Values::text,
            "Key that verifies subscribers' tokens (same forms as the publisher key).",
            "SUBSCRIBER_JWT_KEY", "MERCURE_SUBSCRIBER_JWT_KEY", "JWT_KEY"),
    SUBSCRIBER_JWT_ALG("subscriber-jwt-alg", null, Values::text, "Algorithm of the subscriber key.",
            "SUBSCRIBER_JWT_ALGORITHM", "MERCURE_SUBSCRIBER_JWT_ALG", "JWT_ALGORITHM"),
    JWT_DIALECT("jwt-dialect", null, Dialect::parse,
            "How tokens' `mercure` claims are read: `legacy` (0.x topic selectors) or `targets` (seed-era "
                    + "target labels). Default: `targets` for keys given as JWT_KEY, PUBLISHER_JWT_KEY or "
                    + "SUBSCRIBER_JWT_KEY (the seed era's names), `legacy` otherwise."),
    PUBLIC_URL("public-url", null, Values.orNone(Values::httpUrl),
            "The hub's public URL, e.g. `https://hub.example.com/.well-known/mercure`: the resource identifier "
                    + "that 1.0 access tokens must name in `aud`, the base of relative URL patterns and topics, and "
                    + "where the metadata is advertised. Default: `http://localhost:<port>/.well-known/mercure`."),
    LEGACY("legacy", null, Values::bool,
            "Serve the 0.x and seed-era wire features: `topic=` selectors, their subscription events and API. "
                    + "Default: on when a legacy or targets key or issuer is configured (or no key at all), off "
                    + "when only 1.0 issuers are."),
    PLAYGROUND("playground", "false", Values::bool,
            "Development only: the debugger page gets short-lived all-access 1.0 tokens from the hub (an "
                    + "issuer with a random key). Demo mode implies it."),
    ACCESS_TOKEN_COOKIE("access-token-cookie", "__Secure-mercure_access_token", Values::cookieName,
            "Cookie that carries 1.0 access tokens (advertised in the metadata as `mercure_cookie`)."),
    JWT_REQUIRE_EXP("jwt-require-exp", "false", Values::bool,
            "Refuse tokens without an `exp` claim. Off by default because 0.x and seed-era tools mint "
                    + "tokens without one; an expired token is always refused."),
    PUBLIC_PUBLISH("public-publish", "false", Values::bool,
            "The reference hub's compatibility level 7: any valid publisher token may publish public "
                    + "(not private) updates on any topic. Legacy dialect only."),
    ANONYMOUS("anonymous", "false", Values::bool,
            "Allow subscribers without a token (they receive public updates only).",
            "ALLOW_ANONYMOUS"),
    CORS_ORIGINS("cors-origins", "", Values::list,
            "Origins allowed to call the hub from a browser (space or comma separated), or `*` (then "
                    + "without cookies).",
            "CORS_ALLOWED_ORIGINS"),
    PUBLISH_ORIGINS("publish-origins", "", Values::list,
            "Origins allowed to publish with the authorization cookie (space or comma separated, `*` "
                    + "for any, `https://*.example.com` wildcards). Header-authenticated publishes need none.",
            "PUBLISH_ALLOWED_ORIGINS"),
    COOKIE_NAME("cookie-name", "mercureAuthorization", Values::cookieName,
            "Name of the cookie that carries the token."),
    AUTHORIZATION_QUERY("authorization-query", "false", Values::bool,
            "Accept the token in the `authorization` query parameter (0.x). Off by default: URLs end up in logs."),
    HEARTBEAT("heartbeat", "40s", Values::duration,
            "Idle time after which a `:` comment is sent on a stream (0 disables).",
            "HEARTBEAT_INTERVAL"),
    STREAM_MAX_LIFE("stream-max-life", "600s", Values::duration,
            "Longest life of a stream; it is then closed cleanly (at a random 80-100% of it, so "
                    + "reconnections spread) and the client reconnects. 0 disables. Formerly `write-timeout`.",
            "WRITE_TIMEOUT"),
    READ_TIMEOUT("read-timeout", "10s", Values::positiveDuration,
            "Longest time to receive a whole request, longest idle time of a keep-alive connection, and "
                    + "longest time a client may take no part of a streamed subscriptions collection.",
            "READ_TIMEOUT"),
    SUBSCRIPTIONS("subscriptions", "false", Values::bool,
            "Publish subscription events and serve the subscriptions API.",
            "SUBSCRIPTIONS", "DISPATCH_SUBSCRIPTIONS"),
    DEMO("demo", "false", Values::bool,
            "Development mode: allows anonymous subscribers, turns subscriptions on and serves the debugger "
                    + "page at `/` and demo documents at `/demo/`.",
            "DEMO", "DEBUG"),
    UI("ui", "true", Values::bool,
            "Serve the debugger page at `/.well-known/mercure/debug/` (in demo mode also at `/`); see "
                    + "docs/debugger.md. It holds no secret: it uses the token you paste or build, or in playground "
                    + "mode one the hub gives it."),
    HISTORY_SIZE("history-size", "10000", Values::size,
            "Number of events kept for reconnecting clients (in memory or on disk).",
            "HISTORY_SIZE"),
    HISTORY_MAX_BYTES("history-max-bytes", "auto", Values::bytesOrAuto,
            "Bytes the history may take (e.g. `256MiB`, `4GiB`): the oldest events are dropped first, as by "
                    + "`history-size`. `auto`: a quarter of the Java heap in memory, 1 GiB on disk."),
    HISTORY_MAX_AGE("history-max-age", "0", Values::duration,
            "Oldest event kept for reconnecting clients, e.g. `24h`; 0: no limit. Durable history only."),
    HISTORY("history", null, HistoryStore::parse,
            "Where the history is kept: `sqlite` (durable: `history.db` in the data directory) or `memory` (lost "
                    + "on restart). Default: `sqlite` when a data directory is set, else `memory`."),
    HISTORY_SYNC("history-sync", "full", SyncPolicy::parse,
            "When a publish is answered with the durable history: `full`, once its update is fsynced (survives a "
                    + "power loss); `normal`, once it is in the write-ahead log (survives a crash of the hub, not of "
                    + "the machine; faster on slow disks)."),
    DATA_DIR("data-dir", "./quicksilver-data", Values.orNone(Values::path),
            "Directory of the durable history, created if missing, relative to the working directory; empty for "
                    + "none. The seed era's `DB_PATH` and a `bolt://` transport URL name a file: the history goes "
                    + "in that file's directory (the bolt file itself is not read)."),
    TRANSPORT("transport", null, Values.orNone(RedisUrl::validate),
            "Cluster mode: the Redis that links the hub's nodes (`redis://host:6379`, `rediss://` for TLS, "
                    + "`redis-sentinel://host:26379?sentinelMasterId=NAME`, `redis-cluster://host:7000,host:7001`). "
                    + "Every node given the same Redis serves the same updates in the same order, and its history; "
                    + "see docs/cluster.md. A `redis` URL in `TRANSPORT_URL` or `MERCURE_TRANSPORT_URL` is read too. "
                    + "Unset: this process alone (history per `history`)."),
    TRANSPORT_REPLICAS("transport-replicas", "0", Values::size,
            "Cluster mode: a publish is answered once this many Redis replicas have it too (Redis `WAIT`), so a "
                    + "failover loses no acknowledged update; 0 answers once the primary has it."),
    TLS_CERT("tls-cert", null, Values.orNone(Values::readableFile),
            "PEM file of the certificate chain to serve HTTPS with (HTTP/2 and HTTP/1.1, chosen by ALPN); with "
                    + "`tls-key`. Without both, the hub serves cleartext HTTP/1.1 and h2c (HTTP/2 by prior knowledge). "
                    + "See docs/tls-http2.md.",
            "CERT_FILE"),
    TLS_KEY("tls-key", null, Values.orNone(Values::readableFile),
            "PEM file of the certificate's private key, unencrypted PKCS#8 (`BEGIN PRIVATE KEY`).",
            "KEY_FILE"),
    ACME_DOMAINS("acme-domains", "", Values::list,
            "Domains to obtain a certificate for by ACME (space or comma separated), e.g. `hub.example.com`: the hub "
                    + "then serves HTTPS on `addr` with it and renews it by itself. `SERVER_NAME=https://hub.example.com` "
                    + "sets this, `addr` `:443`, `http-addr` `:80` and `http-redirect`. See docs/https.md.",
            "ACME_HOSTS"),
    ACME_EMAIL("acme-email", "", Values.orNone(Values::text),
            "Contact address of the ACME account (the CA writes about expiring certificates and incidents)."),
    ACME_DIRECTORY("acme-directory", AcmeConfig.LETS_ENCRYPT, Values::httpUrl,
            "The ACME server's directory URL. Let's Encrypt's staging is `" + AcmeConfig.LETS_ENCRYPT_STAGING + "`."),
    ACME_CHALLENGE("acme-challenge", "tls-alpn-01", AcmeConfig.Challenge::parse,
            "How the hub proves it holds the domains: `tls-alpn-01` on the HTTPS port (which must be the one the "
                    + "CA reaches as 443), or `http-01` on `http-addr` (reached as 80)."),
    ACME_CA_ROOT("acme-ca-root", "", Values.orNone(Values::readableFile),
            "PEM file of the root to trust for the ACME server's own HTTPS (a private CA); empty: the JVM's roots."),
    ACME_RENEW_BEFORE("acme-renew-before", "720h", Values::positiveDuration,
            "Renew the certificate this long before it expires (Let's Encrypt's last 90 days)."),
    HTTP_ADDR("http-addr", "", Values.orNone(ListenAddress::parse),
            "With ACME, a cleartext listener for HTTP-01 challenges and redirects, e.g. `:80`. Empty: none.",
            "ACME_HTTP01_ADDR"),
    HTTP_REDIRECT("http-redirect", "false", Values::bool,
            "The `http-addr` listener redirects every other request to the same URL in HTTPS (308)."),
    MAX_BODY_SIZE("max-body-size", "1048576", Values.sizeAtLeast(1024),
            "Largest publish body in bytes (larger is a 413)."),
    MAX_TOPICS("max-topics", "1000", Values.sizeAtLeast(1),
            "Most topics per update, and most `topic` selectors per subscription (0.x)."),
    MAX_MATCHERS("max-matchers", "100", Values.sizeAtLeast(1),
            "Most `match` / `match_urlpattern` parameters per subscription (1.0)."),
    MAX_MATCH_LENGTH("max-match-length", "4096", Values.sizeAtLeast(1),
            "Longest `match` / `match_urlpattern` value, in bytes (1.0)."),
    MAX_CONNECTIONS("max-connections", "auto", Values::maxConnections,
            "Most streams at once; more are answered 429. `auto`: the process's open-file limit less 256."),
    MAX_CONNECTIONS_PER_CLIENT("max-connections-per-client", "0", Values::size,
            "Most streams at once per client (the token's issuer and `sub`, or else the source address); more are "
                    + "answered 429. 0: no limit (behind a proxy every client shares one address)."),
    MAX_SELECTOR_LENGTH("max-selector-length", "4096", Values.sizeAtLeast(1),
            "Longest `topic` selector a subscriber may send, in characters (0.x)."),
    SUBSCRIBER_BUFFER("subscriber-buffer", "1048576", Values.sizeAtLeast(4096),
            "Bytes that may wait for a slow subscriber; past this it is disconnected (it can resume "
                    + "with Last-Event-ID)."),
    DIRECT_SEND("direct-send", "true", Values::bool,
            "On epoll, live deliveries on cleartext HTTP/1.1 go straight to the socket with one send(2) when nothing "
                    + "waits in the connection's buffer; false sends every delivery through Netty's channel (slower; for "
                    + "diagnosis). On io_uring deliveries are batched instead."),
    METRICS("metrics", "true", Values::bool,
            "Serve Prometheus metrics at `/metrics` (see docs/metrics.md): on the main port, or only on "
                    + "`metrics-addr` when it is set. They count, never name, topics and subscribers.",
            "METRICS_ENABLED"),
    METRICS_ADDR("metrics-addr", "", Values.orNone(ListenAddress::parse),
            "A separate listener for `/metrics` and `/healthz`, e.g. `127.0.0.1:9764` (same forms as `addr`), so "
                    + "that metrics stay off the public port. Empty: on the main port.",
            "METRICS_ADDR"),
    LOG_FORMAT("log-format", "text", LogFormat::parse,
            "How log lines are written: `text` for people, `json` for a log pipeline (one object a line, fields "
                    + "`timestamp`, `level`, `logger`, `thread`, `message`, `exception`, then the context's). See "
                    + "docs/observability.md.",
            "LOG_FORMAT"),
    LOG_LEVEL("log-level", "info", LogLevel::parse,
            "The least severe level logged: `error`, `warn`, `info`, `debug` (adds why each request was refused, "
                    + "401/403) or `trace`. Netty's own lines stay at `warn`."),
    ACCESS_LOG("access-log", "false", Values::bool,
            "Log every answered request (logger `quicksilver.access`): method, path (an `authorization` query "
                    + "parameter redacted), status, bytes, duration, remote address, protocol. Never headers or cookies."),
    THREADS("threads", "0", Values::size, "Event loop threads; 0 means one per CPU core."),
    IO_TRANSPORT("io-transport", "auto", IoTransport::parse,
            "How the event loops reach the kernel: `io_uring` (a broadcast's sends go to the kernel in a few "
                    + "submissions per loop), `epoll` (one `send(2)` per delivery), `nio` (any platform). `auto`: "
                    + "epoll where available, else nio (io_uring only when asked for: as fast as epoll on a broadcast, slower "
                    + "on one-by-one publishes, 11-13 MB more memory at 15,000 subscribers; docs/configuration.md). "
                    + "The choice is logged at start."),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "10s", Values::duration, "Longest wait for in-flight publishes at shutdown."),
    DRAIN_DELAY("drain-delay", "0s", Values::duration,
            "At shutdown, how long the hub answers `/readyz` 503 while still serving, before it closes its listeners "
                    + "and ends its streams: time for a balancer (a Kubernetes Service) to stop sending it clients. "
                    + "0: close at once.");

    private final String flag;
    private final String defaultValue;
    private final Function<String, ?> parser;
    private final String description;
    private final List<String> aliases;

    /**
     * @param defaultValue the default as a user would write it, or null when there is none (the
     *     setting is unset, or its value follows from other settings: see its description)
     * @param parser turns a value into its type, or throws {@link IllegalArgumentException} with a
     *     message for the user
     */
    Setting(String flag, String defaultValue, Function<String, ?> parser, String description, String... aliases) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** The command-line flag, without the leading dashes. */
    public String flag() {
        return flag;
    }

    /** The hub's own environment variable. */
    public String env() {
        return env(flag);
    }

    /**
     * The name this setting had before it was renamed, or null. Its flag and its {@code QUICKSILVER_}
     * variable are still read, after the new ones, with a note in the log.
     */
    public String formerName() {
        return this == STREAM_MAX_LIFE ? "write-timeout" : null;
    }

    /** The hub's own environment variable under the former name, or null. */
    public String formerEnv() {
        return formerName() == null ? null : env(formerName());
    }

    private static String env(String name) {
        return "QUICKSILVER_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Other environment variables read, in order of precedence, after the hub's own (and its former one). */
    public List<String> aliases() {
        return aliases;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The typed value of this text, by this setting's parser; {@link IllegalArgumentException} if invalid. */
    Object parse(String value) {
        return parser.apply(value);
    }

    /** The parsed default, or null when there is none. */
    Object parsedDefault() {
        return defaultValue == null ? null : parse(defaultValue);
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return this == PUBLISHER_JWT_KEY || this == SUBSCRIBER_JWT_KEY;
    }
}
