package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every default comes from the {@link Setting} table, parsed as a user's value would be, and nowhere else. */
class ConfigDefaultsTest {
    /** Where each setting with a default ends up in the configuration. */
    private static final Map<Setting, Function<HubConfig, Object>> IN_EFFECT = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.ADDR, c -> new ListenAddress(c.listen().host(), c.listen().port())),
            Map.entry(Setting.THREADS, c -> c.listen().threads()),
            Map.entry(Setting.IO_TRANSPORT, c -> c.listen().ioTransport()),
            Map.entry(Setting.SHUTDOWN_TIMEOUT, c -> c.listen().shutdownTimeout()),
            Map.entry(Setting.DRAIN_DELAY, c -> c.listen().drainDelay()),
            Map.entry(Setting.LOG_FORMAT, c -> c.log().format()),
            Map.entry(Setting.LOG_LEVEL, c -> c.log().level()),
            Map.entry(Setting.ACCESS_LOG, c -> c.log().accessLog()),
            Map.entry(Setting.ACME_DOMAINS, c -> c.acme().domains()),
            Map.entry(Setting.ACME_EMAIL, c -> c.acme().email()),
            Map.entry(Setting.ACME_DIRECTORY, c -> c.acme().directory().toString()),
            Map.entry(Setting.ACME_CHALLENGE, c -> c.acme().challenge()),
            Map.entry(Setting.ACME_CA_ROOT, c -> c.acme().caRoot()),
            Map.entry(Setting.ACME_RENEW_BEFORE, c -> c.acme().renewBefore()),
            Map.entry(Setting.HTTP_ADDR, c -> c.acme().httpAddr()),
            Map.entry(Setting.HTTP_REDIRECT, c -> c.acme().redirect()),
            Map.entry(Setting.PLAYGROUND, c -> c.auth().playground()),
            Map.entry(Setting.ACCESS_TOKEN_COOKIE, c -> c.auth().accessTokenCookie()),
            Map.entry(Setting.JWT_REQUIRE_EXP, c -> c.auth().requireExpiry()),
            Map.entry(Setting.PUBLIC_PUBLISH, c -> c.auth().publicPublish()),
            Map.entry(Setting.ANONYMOUS, c -> c.auth().anonymous()),
            Map.entry(Setting.PUBLISH_ORIGINS, c -> c.auth().publishOrigins()),
            Map.entry(Setting.COOKIE_NAME, c -> c.auth().cookieName()),
            Map.entry(Setting.AUTHORIZATION_QUERY, c -> c.auth().authorizationQuery()),
            Map.entry(Setting.CORS_ORIGINS, c -> c.cors().origins()),
            Map.entry(Setting.HEARTBEAT, c -> c.streams().heartbeat()),
            Map.entry(Setting.STREAM_MAX_LIFE, c -> c.streams().maxLife()),
            Map.entry(Setting.SUBSCRIBER_BUFFER, c -> c.streams().subscriberBuffer()),
            Map.entry(Setting.DIRECT_SEND, c -> c.streams().directSend()),
            Map.entry(Setting.HISTORY_SIZE, c -> c.history().size()),
            Map.entry(Setting.HISTORY_MAX_AGE, c -> c.history().maxAge()),
            Map.entry(Setting.HISTORY_SYNC, c -> c.history().sync()),
            Map.entry(Setting.DATA_DIR, c -> c.history().dataDir()),
            Map.entry(Setting.TRANSPORT_REPLICAS, c -> c.history().replicas()),
            Map.entry(Setting.MAX_BODY_SIZE, c -> c.limits().maxBodySize()),
            Map.entry(Setting.MAX_TOPICS, c -> c.limits().maxTopics()),
            Map.entry(Setting.MAX_SELECTOR_LENGTH, c -> c.limits().maxSelectorLength()),
            Map.entry(Setting.MAX_MATCHERS, c -> c.limits().maxMatchers()),
            Map.entry(Setting.MAX_MATCH_LENGTH, c -> c.limits().maxMatchLength()),
            Map.entry(Setting.MAX_CONNECTIONS, c -> c.limits().maxConnections()),
            Map.entry(Setting.MAX_CONNECTIONS_PER_CLIENT, c -> c.limits().maxConnectionsPerClient()),
            Map.entry(Setting.READ_TIMEOUT, c -> c.limits().readTimeout()),
            Map.entry(Setting.METRICS, c -> c.metrics().enabled()),
            Map.entry(Setting.METRICS_ADDR, c -> c.metrics().addr()),
            Map.entry(Setting.SUBSCRIPTIONS, c -> c.features().subscriptions()),
            Map.entry(Setting.DEMO, c -> c.features().demo()),
            Map.entry(Setting.UI, c -> c.features().ui()),
            Map.entry(Setting.HISTORY_MAX_BYTES, c -> c.history().maxBytes())));

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("the default of this setting is a valid value for its own parser")
    void defaultParses(Setting setting) {
        if (setting.defaultValue() == null) {
            assertThat(setting.parsedDefault()).isNull();
        } else {
            assertThatCode(setting::parsedDefault).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("with no setting at all, this setting's parsed table default is the value in effect")
    void tableDefaultInEffect(Setting setting) throws Exception {
        HubConfig defaults = ConfigLoader.load(Map.of(), Map.of()).config();
        if (setting.defaultValue() == null) {
            assertThat(IN_EFFECT).as("a setting without default has no value of its own").doesNotContainKey(setting);
            return;
        }
        assertThat(IN_EFFECT).as("where " + setting + " ends up").containsKey(setting);
        assertThat(IN_EFFECT.get(setting).apply(defaults)).isEqualTo(setting.parsedDefault());
    }

    @Test
    @DisplayName("HubConfig.builder() starts from what the loader gives with no setting at all")
    void builderStartsFromTheLoadedDefaults() throws Exception {
        HubConfig loaded = ConfigLoader.load(Map.of(), Map.of()).config();
        HubConfig built = HubConfig.builder().build();
        assertThat(built.auth().publisherKeys()).as("a random key, another each time")
                .isNotEqualTo(loaded.auth().publisherKeys());
        HubConfig sameKey = built.toBuilder().auth(a -> a.publisherKeys(loaded.auth().publisherKeys())
                .subscriberKeys(loaded.auth().subscriberKeys())).build();
        assertThat(sameKey).isEqualTo(loaded);
        assertThat(built.streams().heartbeat()).isEqualTo(Duration.ofSeconds(40));
        assertThat(built.streams().maxLife()).isEqualTo(Duration.ofSeconds(600));
        assertThat(built.streams().directSend()).isTrue();
        assertThat(built.history().size()).isEqualTo(10_000);
        assertThat(built.history().store()).isEqualTo(HistoryStore.SQLITE);
        assertThat(built.features().ui()).isTrue();
        assertThat(built.features().legacy()).as("no key configured: the generated key is a legacy one").isTrue();
        assertThat(built.limits().readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(built.limits().maxBodySize()).isEqualTo(1 << 20);
        assertThat(built.listen().port()).isEqualTo(3000);
        assertThat(built.metrics().enabled()).isTrue();
        assertThat(built.tls().enabled()).isFalse();
        assertThat(built.sources()).isEmpty();
    }
}
