package dev.quicksilver.server.config;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The hub's effective configuration, typed and validated, grouped by concern. Immutable. Build it
 * with {@link ConfigLoader} (from the environment and flags) or {@link #builder()} (embedding,
 * tests), which starts from the defaults of every {@link Setting}.
 *
 * @param listen where and how the hub listens
 * @param auth who may publish and subscribe, and where a request's token is read
 * @param cors which browser pages may call the hub
 * @param streams how subscribers' streams are kept alive and bounded
 * @param history where and how long events are kept for reconnecting clients
 * @param limits bounds on what clients may ask
 * @param metrics whether and where Prometheus metrics are served
 * @param tls the certificate served over TLS, or {@link TlsConfig#NONE} for cleartext
 * @param features parts of the hub that are served or not
 * @param log what the hub logs, and in which format
 * @param acme certificates obtained by ACME, or {@link AcmeConfig#NONE}
 * @param traces OpenTelemetry traces, or {@link TracesConfig#OFF}
 * @param sources for each setting given explicitly, where it came from (for the start-up log)
 */
public record HubConfig(ListenConfig listen, AuthConfig auth, CorsConfig cors, StreamsConfig streams,
        HistoryConfig history, LimitsConfig limits, MetricsConfig metrics, TlsConfig tls, FeaturesConfig features,
        LogConfig log, AcmeConfig acme, TracesConfig traces, Map<String, String> sources) {

    public HubConfig {
        sources = Map.copyOf(sources);
    }

    /** The defaults of every {@link Setting}, with a random key, to adjust. */
    public static Builder builder() {
        return ConfigLoader.defaults().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes a copy group by group, e.g. {@code builder().streams(s -> s.heartbeat(Duration.ofSeconds(1)))};
     * the small groups are replaced whole.
     */
    public static final class Builder {
        private final ListenConfig.Builder listen;
        private final AuthConfig.Builder auth;
        private CorsConfig cors;
        private final StreamsConfig.Builder streams;
        private final HistoryConfig.Builder history;
        private final LimitsConfig.Builder limits;
        private MetricsConfig metrics;
        private TlsConfig tls;
        private final FeaturesConfig.Builder features;
        private LogConfig log;
        private AcmeConfig acme;
        private TracesConfig traces;
        private Map<String, String> sources;

        private Builder(HubConfig from) {
            listen = from.listen.toBuilder();
            auth = from.auth.toBuilder();
            cors = from.cors;
            streams = from.streams.toBuilder();
            history = from.history.toBuilder();
            limits = from.limits.toBuilder();
            metrics = from.metrics;
            tls = from.tls;
            features = from.features.toBuilder();
            log = from.log;
            acme = from.acme;
            traces = from.traces;
            sources = from.sources;
        }

        public Builder listen(Consumer<ListenConfig.Builder> change) { change.accept(listen); return this; }
        public Builder auth(Consumer<AuthConfig.Builder> change) { change.accept(auth); return this; }
        public Builder cors(CorsConfig v) { cors = v; return this; }
        public Builder streams(Consumer<StreamsConfig.Builder> change) { change.accept(streams); return this; }
        public Builder history(Consumer<HistoryConfig.Builder> change) { change.accept(history); return this; }
        public Builder limits(Consumer<LimitsConfig.Builder> change) { change.accept(limits); return this; }
        public Builder metrics(MetricsConfig v) { metrics = v; return this; }
        public Builder tls(TlsConfig v) { tls = v; return this; }
        public Builder features(Consumer<FeaturesConfig.Builder> change) { change.accept(features); return this; }
        public Builder log(LogConfig v) { log = v; return this; }
        public Builder acme(AcmeConfig v) { acme = v; return this; }
        public Builder traces(TracesConfig v) { traces = v; return this; }
        public Builder sources(Map<String, String> v) { sources = v; return this; }

        // The two settings tests change most, without the ceremony of their group.

        /** Same as {@code listen(l -> l.threads(v))}. */
        public Builder threads(int v) { listen.threads(v); return this; }

        /** Same as {@code auth(a -> a.anonymous(v))}. */
        public Builder anonymous(boolean v) { auth.anonymous(v); return this; }

        public HubConfig build() {
            return new HubConfig(listen.build(), auth.build(), cors, streams.build(), history.build(), limits.build(),
                    metrics, tls, features.build(), log, acme, traces, sources);
        }
    }
}
