package dev.quicksilver.server;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.JwksKeySource;
import dev.quicksilver.core.auth.KeyRing;
import dev.quicksilver.core.auth.KeySource;
import dev.quicksilver.core.auth.TokenKey;
import dev.quicksilver.core.auth.TokenVerifier;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.subscriber.SubscribeForm;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.PublishForm;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.IssuerSpec;
import dev.quicksilver.server.config.KeySpec;
import dev.quicksilver.server.http.ActiveSubscriptions;
import dev.quicksilver.server.http.PublishAdmission;
import dev.quicksilver.server.http.Readiness;
import dev.quicksilver.server.http.StreamLimits;
import dev.quicksilver.server.metrics.HubMetrics;
import dev.quicksilver.server.tracing.HubTraces;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's services, assembled from its configuration, shared by every connection. Holds no Netty
 * state. Thread-safe.
 */
public final class Hub {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final HubConfig config;
    private final Clock clock;
    private final TopicSelectors selectors;
    private final @Nullable Playground playground;
    private final List<JwksKeySource> jwks = new ArrayList<>();
    private final Map<String, JwksKeySource> jwksByIssuerAndUrl = new java.util.HashMap<>();
    private final List<String> authorizationServers = new ArrayList<>();
    private final TokenVerifier publishers;
    private final TokenVerifier subscribers;
    private final Transport transport;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ActiveSubscriptions activeSubscriptions;
    private final Readiness readiness;
    private final FormParser formParser;
    private final PublishForm publishForm;
    private final SubscribeForm subscribeForm;
    private final StreamLimits streamLimits;
    private final boolean targetsEnabled;
    private final boolean accessTokens;
    private final HubMetrics metrics = new HubMetrics();
    private final HubTraces traces;
    private final PublishAdmission admission = new PublishAdmission(PublishAdmission.DEFAULT_MAX_IN_FLIGHT);
    private volatile String publicUrl;

    public Hub(HubConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // First: a setting the SDK refuses stops the hub before it opens its history.
        this.traces = HubTraces.start(config.traces());
        this.publicUrl = config.listen().publicUrl() != null ? config.listen().publicUrl() : defaultUrl(config.listen().port());
        this.selectors = TopicSelectors.withDefaults();
        this.playground = config.auth().playground() ? new Playground(clock) : null;
        List<IssuerSpec> issuers = new ArrayList<>(config.auth().issuers());
        if (playground != null) {
            issuers.add(playground.issuer());
        }
        this.publishers = verifier(config.auth().publisherKeys(), issuers, true);
        this.subscribers = verifier(config.auth().subscriberKeys(), issuers, false);
        this.accessTokens = issuers.stream().anyMatch(i -> i.dialect() == Dialect.OAUTH);
        this.transport = Transports.create(config, clock);
        this.readiness = new Readiness(transport::health);
        this.activeSubscriptions = new ActiveSubscriptions(subscriptions, transport, config.features().subscriptions());
        // Fields of a form: topics or matchers, plus a handful of others.
        this.formParser = new FormParser(Math.max(config.limits().maxTopics(), config.limits().maxMatchers()) * 2 + 64);
        this.publishForm = new PublishForm(config.limits().maxTopics());
        this.subscribeForm = new SubscribeForm(selectors, new SubscribeForm.Limits(config.limits().maxMatchers(),
                config.limits().maxMatchLength(), config.limits().maxTopics(), config.limits().maxSelectorLength(), config.features().legacy()),
                this::publicUrl);
        this.streamLimits = new StreamLimits(config.limits().maxConnections(), config.limits().maxConnectionsPerClient());
        this.targetsEnabled = config.auth().publisherKeys().stream().anyMatch(k -> k.dialect() == Dialect.TARGETS)
                || issuers.stream().anyMatch(i -> i.dialect() == Dialect.TARGETS && i.verifiesPublishers());
    }

    /**
     * One role's verifier: the configured keys and the legacy and targets issuers form the legacy
     * key ring; each oauth issuer has a ring of its own, found by its {@code iss}.
     */
    private TokenVerifier verifier(List<KeySpec> keys, List<IssuerSpec> issuers, boolean publisher) {
        List<KeySource> legacy = new ArrayList<>();
        if (!keys.isEmpty()) {
            legacy.add(KeySource.of(tokenKeys(keys)));
        }
        Map<String, KeyRing> oauth = new LinkedHashMap<>();
        for (IssuerSpec issuer : issuers) {
            List<KeySource> sources = sources(issuer, publisher);
            if (sources.isEmpty()) {
                continue;
            }
            if (issuer.dialect() == Dialect.OAUTH) {
                oauth.put(issuer.id(), new KeyRing(sources));
                if (publisher && (playground == null || issuer != playground.issuer())) {
                    authorizationServers.add(issuer.id());
                }
            } else {
                legacy.addAll(sources);
            }
        }
        return TokenVerifier.of(new KeyRing(legacy), oauth, this::publicUrl, selectors, clock);
    }

    private List<KeySource> sources(IssuerSpec issuer, boolean publisher) {
        List<KeySource> sources = new ArrayList<>();
        List<KeySpec> keys = publisher ? issuer.publisherKeys() : issuer.subscriberKeys();
        if (!keys.isEmpty()) {
            sources.add(KeySource.of(tokenKeys(keys)));
        }
        String url = publisher ? issuer.publisherJwks() : issuer.subscriberJwks();
        if (url != null) {
            // One cache per issuer and URL: both roles of an issuer usually share a JWK Set.
            sources.add(jwksByIssuerAndUrl.computeIfAbsent(issuer.source() + " " + url, k -> {
                JwksKeySource source = new JwksKeySource(URI.create(url), options(issuer.dialect()), clock);
                jwks.add(source);
                return source;
            }));
        }
        return sources;
    }

    private List<TokenKey> tokenKeys(List<KeySpec> specs) {
        return specs.stream().map(k -> TokenKey.of(k.material(), k.algorithm(), options(k.dialect()))).toList();
    }

    private TokenKey.Options options(Dialect dialect) {
        return new TokenKey.Options(dialect, config.auth().requireExpiry() || dialect == Dialect.OAUTH, config.auth().publicPublish());
    }

    /**
     * Loads the JWK Sets before the hub takes requests, waiting at most this long: an issuer that is
     * down does not stop the hub, its keys are fetched again when a token needs them.
     */
    void start(Duration wait) {
        if (jwks.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] loads = jwks.stream().map(j -> j.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(loads).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("some JWK Sets did not load within {}; their keys will be fetched when a token needs them", wait);
        }
        for (JwksKeySource source : jwks) {
            LOG.info("JWK Set {}: {} keys", source.location(), source.keys().size());
        }
    }

    void close() {
        jwks.forEach(JwksKeySource::close);
        traces.close();
    }

    /** Called once the port is known, when no public URL is configured. */
    void listeningOn(int port) {
        if (config.listen().publicUrl() == null) {
            publicUrl = defaultUrl(port);
        }
    }

    private String defaultUrl(int port) {
        return (config.tls().enabled() || config.acme().enabled() ? "https" : "http") + "://localhost:" + port
                + "/.well-known/mercure";
    }

    public HubConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The hub's public URL: its resource identifier and the base of relative URL patterns. */
    public String publicUrl() {
        return publicUrl;
    }

    /** True when 1.0 access tokens are accepted (an oauth issuer, or the playground's). */
    public boolean acceptsAccessTokens() {
        return accessTokens;
    }

    /** The oauth issuers' ids, advertised as authorization servers in the metadata. */
    public List<String> authorizationServers() {
        return List.copyOf(new java.util.LinkedHashSet<>(authorizationServers));
    }

    /** The playground's token minter, or null when the playground is off. */
    public @Nullable Playground playground() {
        return playground;
    }

    public TopicSelectors selectors() {
        return selectors;
    }

    public TokenVerifier publishers() {
        return publishers;
    }

    public TokenVerifier subscribers() {
        return subscribers;
    }

    public Transport transport() {
        return transport;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public FormParser formParser() {
        return formParser;
    }

    public PublishForm publishForm() {
        return publishForm;
    }

    public SubscribeForm subscribeForm() {
        return subscribeForm;
    }

    public StreamLimits streamLimits() {
        return streamLimits;
    }

    /** True when a targets-dialect publisher key is configured, so that {@code target} fields are honoured. */
    public boolean targetsEnabled() {
        return targetsEnabled;
    }

    /** The metrics counted as requests are answered; the others are read from the hub when scraped. */
    public HubMetrics metrics() {
        return metrics;
    }

    /** The OpenTelemetry traces, {@link HubTraces#OFF} unless OTEL_* settings turn them on. */
    public HubTraces traces() {
        return traces;
    }

    /** Whether one more publish is taken: shutdown closes it and waits for the admitted ones. */
    public PublishAdmission admission() {
        return admission;
    }

    /** Whether the hub should be sent traffic now ({@code /readyz}): started, transport healthy, not draining. */
    public Readiness readiness() {
        return readiness;
    }

    /** The open streams, as the subscriptions API lists them and subscription events announce them. */
    public ActiveSubscriptions activeSubscriptions() {
        return activeSubscriptions;
    }
}
