package dev.quicksilver.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quicksilver.redis.RedisUrl;
import dev.quicksilver.server.config.ConfigException;
import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.config.Setting;
import dev.quicksilver.server.logging.HubLog;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Starts the hub from flags and environment variables, and stops it gracefully on SIGTERM or Ctrl-C. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger("quicksilver");

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples one buffer in 128 with a stack trace: a development aid that
            // cost about 1 % of a publish load's CPU. The tests keep it; -Dio.netty.leakDetection.level
            // turns it back on.
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        // Issuers are numbered (--issuer-1-id=...), so they cannot be declared to picocli one by one.
        Map<String, String> issuerFlags = new java.util.LinkedHashMap<>();
        List<String> rest = new java.util.ArrayList<>();
        for (String arg : args) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--(issuer-\\d+-[a-z-]+)=(.*)", java.util.regex.Pattern.DOTALL)
                    .matcher(arg);
            if (m.matches()) {
                issuerFlags.put(m.group(1), m.group(2));
            } else {
                rest.add(arg);
            }
        }
        CommandLine cli = new CommandLine(commandSpec());
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(rest.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        }
        if (parsed.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        Map<String, String> flags = new java.util.LinkedHashMap<>(issuerFlags);
        flags.putAll(settingFlags(parsed));
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.fromCommandLine(System.getenv(), flags);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        HubConfig config = loaded.config();
        HubLog.configure(config.log().format(), config.log().level());
        LOG.info("starting with {}", describe(config));
        loaded.notes().forEach(note -> LOG.warn(note));
        if (config.auth().generatedKey()) {
            LOG.warn("no JWT key configured: this run uses a random key. A token that may publish and "
                    + "subscribe to every topic, valid until the hub stops: {}",
                    allAccessToken(config.auth().publisherKeys().get(0)));
        }
        config.auth().publisherKeys().stream().filter(k -> k.algorithm() == null || k.algorithm().startsWith("HS"))
                .filter(k -> !k.material().strip().startsWith("-----") && k.material().length() < 32)
                .forEach(k -> LOG.warn("the key from {} is shorter than 32 bytes: fine for a demo, too weak for "
                        + "production", k.source()));
        // The hook is in place before the port opens, so a SIGTERM that follows the first
        // connection at once still stops the hub gracefully.
        AtomicReference<HubServer> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            HubServer server = running.get();
            if (server != null) {
                LOG.info("shutting down");
                server.close();
            }
            stopped.countDown();
        }, HubThreads.PREFIX + "shutdown"));
        HubServer server;
        try {
            server = HubServer.start(config);
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getMessage());
            // The hook must not wait for a start that failed: System.exit runs it and waits for it.
            started.countDown();
            System.exit(1);
            return;
        }
        running.set(server);
        started.countDown();
        stopped.await();
    }

    /** The settings given as flags, by the name given (without dashes), with their values. */
    static Map<String, String> settingFlags(ParseResult parsed) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!option.usageHelp()) {
                flags.put(option.longestName().substring(2), option.getValue());
            }
        }
        return flags;
    }

    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name("quicksilver").mixinStandardHelpOptions(false);
        spec.usageMessage().description("Quicksilver, a Mercure hub.",
                "Every option can also be set with its environment variable (shown in brackets).",
                "Trusted issuers: --issuer-<n>-<field>=<value> or QUICKSILVER_ISSUER_<n>_<FIELD>, fields id, dialect,",
                "key, key-file, alg, jwks-url, and publisher-/subscriber- variants (see docs/issuers.md).");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help.").build());
        for (Setting s : Setting.values()) {
            StringJoiner names = new StringJoiner(", ");
            names.add(s.env());
            if (s.formerEnv() != null) {
                names.add(s.formerEnv());
            }
            s.aliases().forEach(names::add);
            String def = s.defaultValue() == null ? "" : " Default: " + (s.defaultValue().isEmpty() ? "none" : s.defaultValue()) + ".";
            spec.addOption(option(s, s.flag()).description(literal(s.description().replace("`", "") + def + " [" + names + "]"))
                    .build());
            if (s.formerName() != null) {
                // Still accepted, not listed: the description above names it.
                spec.addOption(option(s, s.formerName()).hidden(true).build());
            }
        }
        return spec;
    }

    /**
     * Picocli formats every description with {@link String#format}, so a bare {@code %} (as in
     * "80-100%") is a broken format specifier: it prints a warning and the text unformatted. Our
     * descriptions are plain text, so each {@code %} is doubled to stand for itself.
     */
    private static String literal(String text) {
        return text.replace("%", "%%");
    }

    private static OptionSpec.Builder option(Setting s, String name) {
        boolean bool = "false".equals(s.defaultValue()) || "true".equals(s.defaultValue());
        return OptionSpec.builder("--" + name).paramLabel("<value>").arity(bool ? "0..1" : "1").fallbackValue("true")
                .type(String.class);
    }

    /** The effective configuration for the log: every setting, secrets masked. */
    static String describe(HubConfig c) {
        StringJoiner out = new StringJoiner(", ");
        out.add("addr=" + (c.listen().host() == null ? "" : c.listen().host()) + ":" + c.listen().port());
        out.add("publisher-keys=" + keys(c.auth().publisherKeys()));
        out.add("subscriber-keys=" + keys(c.auth().subscriberKeys()));
        out.add("issuers=" + c.auth().issuers().stream()
                .map(i -> (i.id() == null ? "" : i.id() + ":") + i.dialect().label()
                        + (i.publisherJwks() != null || i.subscriberJwks() != null ? ":jwks" : ":keys")).toList());
        out.add("public-url=" + (c.listen().publicUrl() == null ? "auto" : c.listen().publicUrl()));
        out.add("legacy=" + c.features().legacy());
        out.add("playground=" + c.auth().playground());
        out.add("access-token-cookie=" + c.auth().accessTokenCookie());
        out.add("max-matchers=" + c.limits().maxMatchers());
        out.add("max-match-length=" + c.limits().maxMatchLength());
        out.add("max-connections=" + c.limits().maxConnections());
        out.add("max-connections-per-client=" + c.limits().maxConnectionsPerClient());
        out.add("anonymous=" + c.auth().anonymous());
        out.add("cors-origins=" + c.cors().origins());
        out.add("publish-origins=" + c.auth().publishOrigins());
        out.add("cookie-name=" + c.auth().cookieName());
        out.add("authorization-query=" + c.auth().authorizationQuery());
        out.add("jwt-require-exp=" + c.auth().requireExpiry());
        out.add("public-publish=" + c.auth().publicPublish());
        out.add("heartbeat=" + c.streams().heartbeat());
        out.add("stream-max-life=" + c.streams().maxLife());
        out.add("read-timeout=" + c.limits().readTimeout());
        out.add("subscriptions=" + c.features().subscriptions());
        out.add("demo=" + c.features().demo());
        out.add("ui=" + c.features().ui());
        out.add("history=" + c.history().store().label());
        out.add("data-dir=" + (c.history().dataDir() == null ? "" : c.history().dataDir()));
        out.add("history-size=" + c.history().size());
        out.add("history-max-bytes=" + (c.history().maxBytes() == 0 ? "auto" : c.history().maxBytes()));
        out.add("history-max-age=" + c.history().maxAge());
        out.add("history-sync=" + c.history().sync().label());
        out.add("transport=" + (c.history().transport() == null ? "" : RedisUrl.redact(c.history().transport())));
        out.add("transport-replicas=" + c.history().replicas());
        out.add("max-body-size=" + c.limits().maxBodySize());
        out.add("max-topics=" + c.limits().maxTopics());
        out.add("max-selector-length=" + c.limits().maxSelectorLength());
        out.add("subscriber-buffer=" + c.streams().subscriberBuffer());
        out.add("direct-send=" + c.streams().directSend());
        out.add("metrics=" + c.metrics().enabled());
        out.add("metrics-addr=" + (c.metrics().addr() == null ? "" : c.metrics().addr().text()));
        out.add("log-format=" + c.log().format().label());
        out.add("log-level=" + c.log().level().toString().toLowerCase(java.util.Locale.ROOT));
        out.add("access-log=" + c.log().accessLog());
        out.add("threads=" + (c.listen().threads() == 0 ? "auto" : c.listen().threads()));
        out.add("io-transport=" + c.listen().ioTransport().label());
        out.add("shutdown-timeout=" + c.listen().shutdownTimeout());
        out.add("drain-delay=" + c.listen().drainDelay());
        out.add("tls-cert=" + (c.tls().cert() == null ? "" : c.tls().cert()));
        out.add("tls-key=" + (c.tls().key() == null ? "" : c.tls().key()));
        out.add("acme-domains=" + c.acme().domains());
        if (c.acme().enabled()) {
            out.add("acme-directory=" + c.acme().directory());
            out.add("acme-challenge=" + c.acme().challenge().label());
            out.add("acme-renew-before=" + c.acme().renewBefore());
            out.add("http-addr=" + (c.acme().httpAddr() == null ? "" : c.acme().httpAddr().text()));
            out.add("http-redirect=" + c.acme().redirect());
        }
        out.add("sources=" + c.sources());
        return out.toString();
    }

    private static String keys(List<KeySpec> keys) {
        StringJoiner out = new StringJoiner(" ", "[", "]");
        for (KeySpec k : keys) {
            out.add(k.source() + ":" + k.dialect().label() + ":" + (k.algorithm() == null ? "default-alg" : k.algorithm())
                    + ":***");
        }
        return out.toString();
    }

    private static String allAccessToken(KeySpec key) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim("mercure", Map.of("publish", List.of("*"), "subscribe", List.of("*"))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.material()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
