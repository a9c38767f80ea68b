package dev.quicksilver.server;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.TokenKey;
import dev.quicksilver.core.auth.TokenVerifier;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.history.InMemoryHistory;
import dev.quicksilver.core.subscription.Subscriptions;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.transport.LocalTransport;
import dev.quicksilver.core.transport.Transport;
import dev.quicksilver.core.update.PublishForm;
import dev.quicksilver.server.config.HubConfig;
import dev.quicksilver.server.config.KeySpec;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's services, assembled from its configuration, shared by every connection. Holds no Netty
 * state. Thread-safe.
 */
public final class Hub {
    private final HubConfig config;
    private final Clock clock;
    private final TopicSelectors selectors;
    private final TokenVerifier publishers;
    private final TokenVerifier subscribers;
    private final Transport transport;
    private final Subscriptions subscriptions = new Subscriptions();
    private final FormParser formParser;
    private final PublishForm publishForm;
    private final boolean targetsEnabled;
    private final LongAdder slowDisconnects = new LongAdder();
    private final LongAdder publishes = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    public Hub(HubConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.selectors = TopicSelectors.withDefaults();
        this.publishers = new TokenVerifier(keys(config.publisherKeys()), selectors, clock);
        this.subscribers = new TokenVerifier(keys(config.subscriberKeys()), selectors, clock);
        this.transport = new LocalTransport(new InMemoryHistory(config.historySize()));
        // Fields of a publish form: topics, plus a handful of others.
        this.formParser = new FormParser(config.maxTopics() * 2 + 64);
        this.publishForm = new PublishForm(config.maxTopics());
        this.targetsEnabled = config.publisherKeys().stream().anyMatch(k -> k.dialect() == Dialect.TARGETS);
    }

    private List<TokenKey> keys(List<KeySpec> specs) {
        return specs.stream()
                .map(k -> TokenKey.of(k.material(), k.algorithm(),
                        new TokenKey.Options(k.dialect(), config.requireExpiry(), config.publicPublish())))
                .toList();
    }

    public HubConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
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

    /** True when a targets-dialect publisher key is configured, so that {@code target} fields are honoured. */
    public boolean targetsEnabled() {
        return targetsEnabled;
    }

    public LongAdder slowDisconnects() {
        return slowDisconnects;
    }

    public LongAdder publishes() {
        return publishes;
    }

    /** Publishes accepted and not yet answered; shutdown waits for them. */
    public AtomicInteger inFlight() {
        return inFlight;
    }

    /** True once shutdown has begun: new publishes are refused with 503. */
    public boolean closing() {
        return closing;
    }

    public void startClosing() {
        closing = true;
    }
}
