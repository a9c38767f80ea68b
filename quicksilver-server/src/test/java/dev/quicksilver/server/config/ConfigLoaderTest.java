package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.sqlite.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static HubConfig load(Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(env, Map.of()).config();
    }

    private static List<String> problems(Map<String, String> env) {
        try {
            load(env);
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    @DisplayName("no setting at all: the documented defaults and a random key for both roles")
    void defaults() throws Exception {
        HubConfig c = load(Map.of());
        assertThat(c.listen().host()).isNull();
        assertThat(c.listen().port()).isEqualTo(3000);
        assertThat(c.auth().generatedKey()).isTrue();
        assertThat(c.auth().publisherKeys()).hasSize(1).isEqualTo(c.auth().subscriberKeys());
        assertThat(c.auth().publisherKeys().get(0).material()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(load(Map.of()).auth().publisherKeys().get(0).material())
                .isNotEqualTo(c.auth().publisherKeys().get(0).material());
        assertThat(c.streams().heartbeat()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.auth().anonymous()).isFalse();
        assertThat(c.auth().cookieName()).isEqualTo("mercureAuthorization");
        assertThat(c.history().size()).isEqualTo(10_000);
        assertThat(c.limits().maxTopics()).isEqualTo(1000);
    }

    @Test
    @DisplayName("the talk's variables: JWT_KEY for both roles in the targets dialect, DEMO implies anonymous and subscriptions")
    void seedNames() throws Exception {
        HubConfig c = load(Map.of("ADDR", ":3000", "JWT_KEY", "!ChangeMe!", "CORS_ALLOWED_ORIGINS",
                "http://localhost:8000", "DEMO", "1"));
        assertThat(c.listen().port()).isEqualTo(3000);
        assertThat(c.auth().publisherKeys()).singleElement().satisfies(k -> {
            assertThat(k.material()).isEqualTo("!ChangeMe!");
            assertThat(k.dialect()).isEqualTo(Dialect.TARGETS);
            assertThat(k.source()).isEqualTo("JWT_KEY");
        });
        assertThat(c.auth().subscriberKeys()).singleElement().extracting(KeySpec::dialect).isEqualTo(Dialect.TARGETS);
        assertThat(c.auth().anonymous()).isTrue();
        assertThat(c.features().subscriptions()).isTrue();
        assertThat(c.features().demo()).isTrue();
        assertThat(c.auth().playground()).isTrue();
        assertThat(c.features().legacy()).isTrue();
        assertThat(c.cors().origins()).containsExactly("http://localhost:8000");
        assertThat(c.auth().generatedKey()).isFalse();
    }

    @Test
    @DisplayName("the reference image's names select the legacy dialect and its directives apply")
    void referenceImage() throws Exception {
        HubConfig c = load(Map.of("SERVER_NAME", ":8080", "MERCURE_PUBLISHER_JWT_KEY", "!ChangeThisMercureHubJWTSecretKey!",
                "MERCURE_SUBSCRIBER_JWT_KEY", "!ChangeThisMercureHubJWTSecretKey!", "MERCURE_EXTRA_DIRECTIVES",
                "anonymous\ncors_origins http://a.example https://b.example\nsubscriptions\nheartbeat 15s\n"
                        + "publish_origins *\ncookie_name {env.MY_COOKIE}\ndispatch_timeout 5s",
                "MY_COOKIE", "session_jwt"));
        assertThat(c.listen().port()).isEqualTo(8080);
        assertThat(c.auth().publisherKeys()).singleElement().extracting(KeySpec::dialect).isEqualTo(Dialect.LEGACY);
        assertThat(c.auth().anonymous()).isTrue();
        assertThat(c.features().subscriptions()).isTrue();
        assertThat(c.cors().origins()).containsExactly("http://a.example", "https://b.example");
        assertThat(c.auth().publishOrigins()).containsExactly("*");
        assertThat(c.streams().heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.auth().cookieName()).isEqualTo("session_jwt");
    }

    @Test
    @DisplayName("precedence: flag > QUICKSILVER_ variable > MERCURE_EXTRA_DIRECTIVES > older names > default")
    void precedence() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("HEARTBEAT_INTERVAL", "5s",
                "MERCURE_EXTRA_DIRECTIVES", "heartbeat 6s", "JWT_KEY", "k"));
        assertThat(load(env).streams().heartbeat()).isEqualTo(Duration.ofSeconds(6));
        env.put("QUICKSILVER_HEARTBEAT", "7s");
        assertThat(load(env).streams().heartbeat()).isEqualTo(Duration.ofSeconds(7));
        HubConfig flagged = ConfigLoader.load(env, Map.of(Setting.HEARTBEAT, "8s")).config();
        assertThat(flagged.streams().heartbeat()).isEqualTo(Duration.ofSeconds(8));
        assertThat(flagged.sources()).containsEntry("heartbeat", "--heartbeat");
    }

    @Test
    @DisplayName("stream-max-life, formerly write-timeout: every spelling is read, the hub's former ones with a note")
    void streamMaxLifeRenamed() throws Exception {
        assertThat(load(Map.of()).streams().maxLife()).isEqualTo(Duration.ofSeconds(600));
        assertThat(load(Map.of("QUICKSILVER_STREAM_MAX_LIFE", "5s")).streams().maxLife())
                .isEqualTo(Duration.ofSeconds(5));
        ConfigLoader.Loaded formerEnv = ConfigLoader.load(Map.of("QUICKSILVER_WRITE_TIMEOUT", "6s"), Map.of());
        assertThat(formerEnv.config().streams().maxLife()).isEqualTo(Duration.ofSeconds(6));
        assertThat(formerEnv.config().sources()).containsEntry("stream-max-life", "QUICKSILVER_WRITE_TIMEOUT");
        assertThat(formerEnv.notes()).containsExactly("QUICKSILVER_WRITE_TIMEOUT: write-timeout is now stream-max-life "
                + "(--stream-max-life, QUICKSILVER_STREAM_MAX_LIFE)");
        ConfigLoader.Loaded formerFlag = ConfigLoader.fromCommandLine(Map.of(), Map.of("write-timeout", "7s"));
        assertThat(formerFlag.config().streams().maxLife()).isEqualTo(Duration.ofSeconds(7));
        assertThat(formerFlag.config().sources()).containsEntry("stream-max-life", "--write-timeout");
        assertThat(formerFlag.notes()).containsExactly("--write-timeout: write-timeout is now stream-max-life "
                + "(--stream-max-life, QUICKSILVER_STREAM_MAX_LIFE)");
        ConfigLoader.Loaded flag = ConfigLoader.fromCommandLine(Map.of(), Map.of("stream-max-life", "8s"));
        assertThat(flag.config().streams().maxLife()).isEqualTo(Duration.ofSeconds(8));
        assertThat(flag.notes()).isEmpty();
        ConfigLoader.Loaded reference = ConfigLoader.load(Map.of("WRITE_TIMEOUT", "9s"), Map.of());
        assertThat(reference.config().streams().maxLife()).as("the reference image's name")
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(reference.notes()).as("not a former name of this hub").isEmpty();
        assertThat(load(Map.of("MERCURE_EXTRA_DIRECTIVES", "write_timeout 10s")).streams().maxLife())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(load(Map.of("QUICKSILVER_STREAM_MAX_LIFE", "5s", "QUICKSILVER_WRITE_TIMEOUT", "6s"))
                .streams().maxLife()).as("the new name wins").isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigLoader.fromCommandLine(Map.of("QUICKSILVER_STREAM_MAX_LIFE", "5s"),
                Map.of("write-timeout", "7s", "stream-max-life", "8s")).config().streams().maxLife())
                .as("a flag wins over a variable, the new flag over the former one").isEqualTo(Duration.ofSeconds(8));
        assertThat(problems(Map.of("QUICKSILVER_WRITE_TIMEOUT", "soon")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_WRITE_TIMEOUT: expected a duration"));
    }

    @Test
    @DisplayName("direct-send: on by default, off by its variable or flag")
    void directSend() throws Exception {
        assertThat(load(Map.of()).streams().directSend()).isTrue();
        assertThat(load(Map.of("QUICKSILVER_DIRECT_SEND", "false")).streams().directSend()).isFalse();
        assertThat(ConfigLoader.fromCommandLine(Map.of(), Map.of("direct-send", "0")).config().streams().directSend())
                .isFalse();
        assertThat(problems(Map.of("QUICKSILVER_DIRECT_SEND", "sometimes")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_DIRECT_SEND: expected true or false"));
    }

    @Test
    @DisplayName("io-transport: auto by default; io_uring, epoll or nio by its variable or flag; anything else refused")
    void ioTransport() throws Exception {
        assertThat(load(Map.of()).listen().ioTransport()).isEqualTo(IoTransport.AUTO);
        assertThat(load(Map.of("QUICKSILVER_IO_TRANSPORT", "epoll")).listen().ioTransport()).isEqualTo(IoTransport.EPOLL);
        assertThat(load(Map.of("QUICKSILVER_IO_TRANSPORT", " IO_URING ")).listen().ioTransport())
                .isEqualTo(IoTransport.IO_URING);
        assertThat(ConfigLoader.fromCommandLine(Map.of(), Map.of("io-transport", "nio")).config().listen().ioTransport())
                .isEqualTo(IoTransport.NIO);
        assertThat(problems(Map.of("QUICKSILVER_IO_TRANSPORT", "kqueue")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_IO_TRANSPORT: expected auto, io_uring, epoll or nio"));
    }

    @Test
    @DisplayName("role names win over JWT_KEY; the dialect can be forced")
    void keysAndDialect() throws Exception {
        HubConfig c = load(Map.of("JWT_KEY", "both", "SUBSCRIBER_JWT_KEY", "sub", "QUICKSILVER_JWT_DIALECT", "legacy"));
        assertThat(c.auth().publisherKeys().get(0).material()).isEqualTo("both");
        assertThat(c.auth().subscriberKeys().get(0).material()).isEqualTo("sub");
        assertThat(c.auth().subscriberKeys().get(0).dialect()).isEqualTo(Dialect.LEGACY);
        HubConfig own = load(Map.of("QUICKSILVER_PUBLISHER_JWT_KEY", "p", "QUICKSILVER_SUBSCRIBER_JWT_KEY", "s"));
        assertThat(own.auth().publisherKeys().get(0).dialect()).isEqualTo(Dialect.LEGACY);
    }

    @Test
    @DisplayName("values in the seed era's forms: comma or space lists, 1/true booleans, Go durations")
    void valueForms() throws Exception {
        HubConfig c = load(Map.of("JWT_KEY", "k", "CORS_ALLOWED_ORIGINS", "http://a.example,http://b.example http://c.example",
                "ALLOW_ANONYMOUS", "true", "HEARTBEAT_INTERVAL", "1m30s", "READ_TIMEOUT", "500ms",
                "QUICKSILVER_MAX_BODY_SIZE", "2MiB"));
        assertThat(c.cors().origins()).containsExactly("http://a.example", "http://b.example", "http://c.example");
        assertThat(c.auth().anonymous()).isTrue();
        assertThat(c.streams().heartbeat()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.limits().readTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.limits().maxBodySize()).isEqualTo(2 * 1024 * 1024);
        assertThat(load(Map.of("JWT_KEY", "k", "HEARTBEAT_INTERVAL", "0")).streams().heartbeat()).isZero();
    }

    @Test
    @DisplayName("every problem is reported at once, naming the setting")
    void problemsNamed() {
        List<String> problems = problems(Map.of("QUICKSILVER_HEARTBEET", "1s", "ADDR", "nonsense",
                "ALLOW_ANONYMOUS", "maybe", "HEARTBEAT_INTERVAL", "soon", "JWT_KEY", "k",
                "CORS_ALLOWED_ORIGINS", "http://localhost:8000/", "JWT_ALGORITHM", "none"));
        assertThat(problems).anyMatch(p -> p.startsWith("QUICKSILVER_HEARTBEET: unknown setting"))
                .anyMatch(p -> p.startsWith("ADDR:"))
                .anyMatch(p -> p.startsWith("ALLOW_ANONYMOUS:"))
                .anyMatch(p -> p.startsWith("HEARTBEAT_INTERVAL:"))
                .anyMatch(p -> p.startsWith("CORS_ALLOWED_ORIGINS:") && p.contains("trailing slash"))
                .anyMatch(p -> p.contains("JWT_ALGORITHM") && p.contains("unsupported JWT algorithm"));
    }

    @Test
    @DisplayName("a missing subscriber key stops the hub unless anonymous subscribers are allowed")
    void missingSubscriberKey() throws Exception {
        assertThat(problems(Map.of("PUBLISHER_JWT_KEY", "p"))).anyMatch(p -> p.startsWith("no subscriber key"));
        assertThat(load(Map.of("PUBLISHER_JWT_KEY", "p", "ALLOW_ANONYMOUS", "1")).auth().subscriberKeys()).isEmpty();
        assertThat(problems(Map.of("SUBSCRIBER_JWT_KEY", "s"))).anyMatch(p -> p.startsWith("no publisher key"));
    }

    @Test
    @DisplayName("cluster mode: transport, or a Redis URL in the reference image's MERCURE_TRANSPORT_URL; none by default")
    void transport() throws Exception {
        assertThat(load(Map.of("JWT_KEY", "k")).history().transport()).isNull();
        HistoryConfig own = load(Map.of("JWT_KEY", "k", "QUICKSILVER_TRANSPORT", "rediss://:secret@redis:6380/2",
                "QUICKSILVER_TRANSPORT_REPLICAS", "1")).history();
        assertThat(own.transport()).isEqualTo("rediss://:secret@redis:6380/2");
        assertThat(own.replicas()).isEqualTo(1);
        assertThat(load(Map.of("JWT_KEY", "k", "MERCURE_TRANSPORT_URL",
                "redis-sentinel://s1:26379,s2:26379?sentinelMasterId=main")).history().transport())
                .isEqualTo("redis-sentinel://s1:26379,s2:26379?sentinelMasterId=main");
        assertThat(load(Map.of("JWT_KEY", "k", "TRANSPORT_URL", "redis-cluster://n1:7000,n2:7001")).history()
                .transport()).isEqualTo("redis-cluster://n1:7000,n2:7001");
        assertThat(problems(Map.of("JWT_KEY", "k", "QUICKSILVER_TRANSPORT", "http://redis:6379")))
                .anyMatch(p -> p.contains("QUICKSILVER_TRANSPORT") && p.contains("expected a Redis URL"));
        assertThat(problems(Map.of("JWT_KEY", "k", "QUICKSILVER_TRANSPORT", "redis-cluster://a:1,,b:2")))
                .anyMatch(p -> p.contains("QUICKSILVER_TRANSPORT") && p.contains("not a valid Redis URL"));
    }

    @Test
    @DisplayName("ACME: SERVER_NAME=https://host (the reference image's form) or a bare host, or ACME_HOSTS, or "
            + "acme-domains; with the reference's port 80 and redirect for SERVER_NAME; problems named")
    void acme() throws Exception {
        HubConfig byServerName = load(Map.of("SERVER_NAME", "https://hub.example.com", "JWT_KEY", "k"));
        assertThat(byServerName.acme().domains()).containsExactly("hub.example.com");
        assertThat(byServerName.listen().port()).isEqualTo(443);
        assertThat(byServerName.acme().httpAddr()).isEqualTo(new ListenAddress(null, 80));
        assertThat(byServerName.acme().redirect()).isTrue();
        assertThat(byServerName.acme().directory()).hasToString(AcmeConfig.LETS_ENCRYPT);
        assertThat(byServerName.acme().challenge()).isEqualTo(AcmeConfig.Challenge.TLS_ALPN_01);
        HubConfig own = load(Map.of("QUICKSILVER_ACME_DOMAINS", "a.example.com b.example.com", "JWT_KEY", "k",
                "QUICKSILVER_ACME_CHALLENGE", "http-01", "ACME_HTTP01_ADDR", ":8080",
                "QUICKSILVER_ACME_DIRECTORY", AcmeConfig.LETS_ENCRYPT_STAGING));
        assertThat(own.acme().domains()).containsExactly("a.example.com", "b.example.com");
        assertThat(own.acme().httpAddr()).isEqualTo(new ListenAddress(null, 8080));
        assertThat(own.acme().redirect()).isFalse();
        assertThat(load(Map.of("ACME_HOSTS", "c.example.com", "JWT_KEY", "k")).acme().domains())
                .containsExactly("c.example.com");
        assertThat(load(Map.of("JWT_KEY", "k")).acme().enabled()).isFalse();
        assertThat(problems(Map.of("ACME_HOSTS", "c.example.com", "JWT_KEY", "k", "QUICKSILVER_DATA_DIR", "")))
                .anyMatch(p -> p.startsWith("ACME_HOSTS") && p.contains("data directory"));
        assertThat(problems(Map.of("QUICKSILVER_ACME_DOMAINS", "c.example.com", "JWT_KEY", "k",
                "QUICKSILVER_ACME_CHALLENGE", "http-01"))).anyMatch(p -> p.contains("http-01") && p.contains("HTTP_ADDR"));
        assertThat(problems(Map.of("QUICKSILVER_ACME_CHALLENGE", "dns-01", "JWT_KEY", "k")))
                .anyMatch(p -> p.contains("not a challenge type"));
    }

    @Test
    @DisplayName("settings this hub cannot honour stop it; harmless ones are noted")
    void unsupportedAndIgnored() throws Exception {
        assertThat(problems(Map.of("JWT_KEY", "k", "ACME_CERT_DIR", "/certs"))).anyMatch(p -> p.startsWith("ACME_CERT_DIR")
                && p.contains("data-dir"));
        assertThat(problems(Map.of("JWT_KEY", "k", "MERCURE_TRANSPORT_URL", "nats://localhost:4222")))
                .anyMatch(p -> p.startsWith("MERCURE_TRANSPORT_URL") && p.contains("bolt://") && p.contains("redis://"));
        assertThat(problems(Map.of("JWT_KEY", "k", "MERCURE_EXTRA_DIRECTIVES", "transport bolt"))).anyMatch(p -> p.contains("\"transport\""));
        assertThat(problems(Map.of("SERVER_NAME", "https://example.com/x y", "JWT_KEY", "k")))
                .anyMatch(p -> p.startsWith("SERVER_NAME"));
        ConfigLoader.Loaded loaded = ConfigLoader.load(Map.of("JWT_KEY", "k", "COMPRESS", "1",
                "TRANSPORT_URL", "local://local"), Map.of());
        assertThat(loaded.notes()).anyMatch(n -> n.startsWith("COMPRESS"));
    }

    @Test
    @DisplayName("metrics: on the main port by default; metrics-addr moves them; the seed era's names on its address")
    void metrics() throws Exception {
        HubConfig defaults = load(Map.of());
        assertThat(defaults.metrics().enabled()).isTrue();
        assertThat(defaults.metrics().addr()).isNull();
        assertThat(load(Map.of("QUICKSILVER_METRICS", "0")).metrics().enabled()).isFalse();
        assertThat(load(Map.of("QUICKSILVER_METRICS_ADDR", "127.0.0.1:9100")).metrics().addr())
                .isEqualTo(new ListenAddress("127.0.0.1", 9100));
        assertThat(load(Map.of("QUICKSILVER_METRICS_ADDR", ":9100")).metrics().addr())
                .isEqualTo(new ListenAddress(null, 9100));
        // The seed-era hub served metrics on 127.0.0.1:9764 when METRICS_ENABLED was set.
        ConfigLoader.Loaded seed = ConfigLoader.load(Map.of("JWT_KEY", "k", "METRICS_ENABLED", "1"), Map.of());
        assertThat(seed.config().metrics().addr()).isEqualTo(new ListenAddress("127.0.0.1", 9764));
        assertThat(seed.notes()).anyMatch(n -> n.startsWith("METRICS_ENABLED") && n.contains("127.0.0.1:9764"));
        assertThat(load(Map.of("METRICS_ENABLED", "1", "METRICS_ADDR", "0.0.0.0:9000")).metrics().addr())
                .isEqualTo(new ListenAddress("0.0.0.0", 9000));
        assertThat(problems(Map.of("QUICKSILVER_METRICS_ADDR", "9100"))).anyMatch(p -> p.startsWith("QUICKSILVER_METRICS_ADDR"));
        assertThat(problems(Map.of("QUICKSILVER_METRICS", "false", "QUICKSILVER_METRICS_ADDR", ":9100")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_METRICS_ADDR: metrics are off"));
    }

    @Test
    @DisplayName("TLS: tls-cert and tls-key (the seed era's CERT_FILE and KEY_FILE), both or neither, readable files")
    void tls() throws Exception {
        String cert = "src/test/resources/tls/localhost.crt";
        String key = "src/test/resources/tls/localhost.key";
        HubConfig seed = load(Map.of("JWT_KEY", "k", "CERT_FILE", cert, "KEY_FILE", key));
        assertThat(seed.tls().enabled()).isTrue();
        assertThat(seed.tls().cert()).isEqualTo(java.nio.file.Path.of(cert));
        assertThat(seed.tls().key()).isEqualTo(java.nio.file.Path.of(key));
        assertThat(load(Map.of("JWT_KEY", "k", "QUICKSILVER_TLS_CERT", cert, "QUICKSILVER_TLS_KEY", key)).tls().enabled())
                .isTrue();
        assertThat(load(Map.of("JWT_KEY", "k")).tls().enabled()).isFalse();
        assertThat(problems(Map.of("JWT_KEY", "k", "CERT_FILE", cert)))
                .anyMatch(p -> p.startsWith("CERT_FILE") && p.contains("QUICKSILVER_TLS_KEY"));
        assertThat(problems(Map.of("JWT_KEY", "k", "QUICKSILVER_TLS_CERT", cert, "QUICKSILVER_TLS_KEY", "/nonexistent.pem")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_TLS_KEY") && p.contains("not a readable file"));
    }

    @Test
    @DisplayName("history: durable in ./quicksilver-data by default, fsync per commit, no age limit")
    void historyDefaults() throws Exception {
        HubConfig c = load(Map.of());
        assertThat(c.history().store()).isEqualTo(HistoryStore.SQLITE);
        assertThat(c.history().dataDir()).isEqualTo(Path.of("./quicksilver-data"));
        assertThat(c.history().sync()).isEqualTo(SyncPolicy.FULL);
        assertThat(c.history().maxAge()).isZero();
        assertThat(HubConfig.builder().build().history().store()).isEqualTo(HistoryStore.SQLITE);
    }

    @Test
    @DisplayName("history settings: store, data dir, sync policy, maximum age and bytes")
    void historySettings() throws Exception {
        HubConfig c = load(Map.of("QUICKSILVER_DATA_DIR", "/var/lib/qs", "QUICKSILVER_HISTORY_SYNC", "NORMAL",
                "QUICKSILVER_HISTORY_MAX_AGE", "24h", "HISTORY_SIZE", "500"));
        assertThat(c.history().store()).isEqualTo(HistoryStore.SQLITE);
        assertThat(c.history().dataDir()).isEqualTo(Path.of("/var/lib/qs"));
        assertThat(c.history().sync()).isEqualTo(SyncPolicy.NORMAL);
        assertThat(c.history().maxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(c.history().size()).isEqualTo(500);
        assertThat(c.history().maxBytes()).as("auto").isZero();
        assertThat(load(Map.of("QUICKSILVER_HISTORY_MAX_BYTES", "4GiB")).history().maxBytes()).isEqualTo(4L << 30);
        assertThat(load(Map.of("QUICKSILVER_HISTORY_MAX_BYTES", "AUTO")).history().maxBytes()).isZero();
        assertThat(load(Map.of("QUICKSILVER_HISTORY", "memory")).history().store()).isEqualTo(HistoryStore.MEMORY);
        HubConfig none = load(Map.of("QUICKSILVER_DATA_DIR", ""));
        assertThat(none.history().dataDir()).isNull();
        assertThat(none.history().store()).isEqualTo(HistoryStore.MEMORY);
    }

    @Test
    @DisplayName("history settings: wrong values name the setting; settings without effect in memory are noted")
    void historyProblems() throws Exception {
        assertThat(problems(Map.of("QUICKSILVER_HISTORY", "bolt")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_HISTORY:") && p.contains("sqlite or memory"));
        assertThat(problems(Map.of("QUICKSILVER_HISTORY_SYNC", "extra")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_HISTORY_SYNC:") && p.contains("full or normal"));
        assertThat(problems(Map.of("QUICKSILVER_HISTORY_MAX_AGE", "a day")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_HISTORY_MAX_AGE:"));
        assertThat(problems(Map.of("QUICKSILVER_HISTORY_MAX_BYTES", "lots")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_HISTORY_MAX_BYTES:") && p.contains("whole number"));
        assertThat(problems(Map.of("QUICKSILVER_HISTORY", "sqlite", "QUICKSILVER_DATA_DIR", "")))
                .anyMatch(p -> p.startsWith("QUICKSILVER_HISTORY:") && p.contains("QUICKSILVER_DATA_DIR"));
        ConfigLoader.Loaded loaded = ConfigLoader.load(Map.of("QUICKSILVER_HISTORY", "memory",
                "QUICKSILVER_HISTORY_MAX_AGE", "1h"), Map.of());
        assertThat(loaded.notes()).anyMatch(n -> n.startsWith("QUICKSILVER_HISTORY_MAX_AGE") && n.contains("no effect"));
    }

    @Test
    @DisplayName("seed era: DB_PATH named a bolt file; the durable history goes in its directory")
    void dbPath() throws Exception {
        HubConfig c = load(Map.of("DB_PATH", "/data/mercure/bolt.db"));
        assertThat(c.history().store()).isEqualTo(HistoryStore.SQLITE);
        assertThat(c.history().dataDir()).isEqualTo(Path.of("/data/mercure"));
        assertThat(c.sources()).containsEntry("data-dir", "DB_PATH");
        assertThat(load(Map.of("DB_PATH", "bolt.db")).history().dataDir()).isEqualTo(Path.of("."));
        assertThat(load(Map.of("DB_PATH", "x.db", "QUICKSILVER_DATA_DIR", "/d")).history().dataDir())
                .isEqualTo(Path.of("/d"));
    }

    @Test
    @DisplayName("reference image: TRANSPORT_URL bolt://FILE is durable in FILE's directory, local:// is memory")
    void transportUrls() throws Exception {
        HubConfig abs = load(Map.of("MERCURE_TRANSPORT_URL", "bolt:///app/.local/mercure.db"));
        assertThat(abs.history().store()).isEqualTo(HistoryStore.SQLITE);
        assertThat(abs.history().dataDir()).isEqualTo(Path.of("/app/.local"));
        assertThat(load(Map.of("TRANSPORT_URL", "bolt://mercure.db")).history().dataDir()).isEqualTo(Path.of("."));
        ConfigLoader.Loaded query = ConfigLoader.load(Map.of("MERCURE_TRANSPORT_URL",
                "bolt:///data/mercure.db?size=1000&cleanup_frequency=0.5"), Map.of());
        assertThat(query.config().history().dataDir()).isEqualTo(Path.of("/data"));
        assertThat(query.notes()).anyMatch(n -> n.startsWith("MERCURE_TRANSPORT_URL") && n.contains("history-size"));
        assertThat(load(Map.of("TRANSPORT_URL", "local://local")).history().store()).isEqualTo(HistoryStore.MEMORY);
        assertThat(load(Map.of("TRANSPORT_URL", "local://local", "QUICKSILVER_HISTORY", "sqlite")).history().store())
                .isEqualTo(HistoryStore.SQLITE);
        assertThat(problems(Map.of("TRANSPORT_URL", "bolt://"))).anyMatch(p -> p.startsWith("TRANSPORT_URL"));
    }

    @Test
    @DisplayName("a bad key is reported at start, not at the first request")
    void badKey() {
        assertThat(problems(Map.of("JWT_KEY", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")))
                .anyMatch(p -> p.startsWith("JWT_KEY") && p.contains("private key"));
        assertThat(problems(Map.of("JWT_KEY", "secret", "JWT_ALGORITHM", "RS256")))
                .anyMatch(p -> p.contains("needs a PEM public key"));
    }

    @Test
    @DisplayName("listen addresses: :port, host:port, [ipv6]:port, and SERVER_NAME's plain-HTTP forms")
    void addresses() {
        assertThat(ListenAddress.parse(":3000")).isEqualTo(new ListenAddress(null, 3000));
        assertThat(ListenAddress.parse("127.0.0.1:8080")).isEqualTo(new ListenAddress("127.0.0.1", 8080));
        assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
        assertThat(ListenAddress.fromServerName("http://localhost")).isEqualTo(new ListenAddress(null, 80));
        assertThat(ListenAddress.fromServerName("localhost:9000")).isEqualTo(new ListenAddress(null, 9000));
        assertThatThrownBy(() -> ListenAddress.parse(":99999")).hasMessageContaining("out of range");
        assertThat(ListenAddress.fromServerName("https://example.com")).isEqualTo(new ListenAddress(null, 443));
        assertThat(ListenAddress.fromServerName("https://example.com:8443")).isEqualTo(new ListenAddress(null, 8443));
        assertThat(ListenAddress.fromServerName("example.com")).isEqualTo(new ListenAddress(null, 443));
    }

    @Test
    @DisplayName("HubConfig.builder() starts from the same defaults as the loader")
    void builderDefaults() {
        HubConfig built = HubConfig.builder().build();
        assertThat(built.streams().heartbeat()).isEqualTo(Duration.ofSeconds(40));
        assertThat(built.limits().maxBodySize()).isEqualTo(1 << 20);
    }
}
