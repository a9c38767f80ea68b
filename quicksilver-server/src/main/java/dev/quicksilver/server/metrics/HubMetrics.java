package dev.quicksilver.server.metrics;

import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.history.History;
import dev.quicksilver.server.sse.Shard;
import dev.quicksilver.server.sse.ShardStats;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The hub's Prometheus metrics (names and meanings in docs/metrics.md). Two kinds:
 *
 * <ul>
 *   <li>counted where they happen, once per request: updates, publish latency and authorization
 *       failures (thread-safe, called from any event loop);
 *   <li>read when scraped, from counts the hub keeps anyway: subscribers, subscriptions,
 *       deliveries and slow disconnects from each {@link Shard}'s {@link ShardStats} (summed over
 *       the shards, so the delivery path never touches a shared counter), the history's size.
 * </ul>
 *
 * <p>One registry per hub (a process may run several, as the tests do); the JVM's metrics are the
 * process's, in one registry shared by every hub ({@link JvmRegistry}).
 */
public final class HubMetrics {
    /** Classic buckets from 0.1 ms to 1 s: a publish in memory takes well under a millisecond, an fsync a few. */
    static final double[] PUBLISH_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram publishDuration;
    private final LongAdder updates = new LongAdder();
    private final Map<AuthException.Reason, CounterDataPoint> authorizationFailures =
            new EnumMap<>(AuthException.Reason.class);
    /** What {@link #observe} was given, for {@link #summary}; null until the shards exist. */
    private volatile @Nullable Sources sources;

    public HubMetrics() {
        publishDuration = Histogram.builder()
                .name("mercure_publish_duration_seconds")
                .help("Time from a publish request received (body included) to its answer sent, for accepted updates")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(PUBLISH_BUCKETS)
                // No tracing spans to point at; the exemplar sampler would otherwise schedule work on its own
                // thread for observations.
                .withoutExemplars()
                .register(registry);
        Counter failures = Counter.builder()
                .name("mercure_authorization_failures_total")
                .help("Requests refused for their credentials, by cause")
                .labelNames("cause")
                .register(registry);
        for (AuthException.Reason reason : AuthException.Reason.values()) {
            // Every cause is exported from the start, at 0, so that rates work from the first failure.
            authorizationFailures.put(reason, failures.labelValues(reason.label()));
        }
    }

    /** A publish answered with its id, {@code nanos} after its request was received. */
    public void published(long nanos) {
        updates.increment();
        publishDuration.observe(nanos / 1e9);
    }

    /** Updates published (accepted and stored) so far. */
    public long updates() {
        return updates.sum();
    }

    /** A request refused for its credentials. */
    public void refused(AuthException e) {
        authorizationFailures.get(e.reason()).inc();
    }

    /** What the hub keeps anyway, read at each scrape. */
    public record Sources(IntSupplier subscribers, List<Shard> shards, History history) {
        public Sources {
            shards = List.copyOf(shards);
        }
    }

    /** Registers the metrics read at scrape time; called once, when the shards exist. */
    public void observe(Sources hub) {
        sources = hub;
        GaugeWithCallback.builder()
                .name("mercure_subscribers_connected")
                .help("Subscribers connected now (open SSE streams)")
                .callback(cb -> cb.call(hub.subscribers().getAsInt()))
                .register(registry);
        counter("mercure_subscribers_total", "Subscribers accepted since the hub started",
                () -> sum(hub.shards(), ShardStats::subscribed));
        GaugeWithCallback.builder()
                .name("mercure_subscriptions")
                .help("Topic selectors of the connected subscribers, by type: exact, template (URI Template), "
                        + "urlpattern (URL Pattern), all (*)")
                .labelNames("type")
                .callback(cb -> {
                    for (ShardStats.SelectorKind kind : ShardStats.SelectorKind.values()) {
                        cb.call(sum(hub.shards(), s -> s.selectors(kind)), kind.label());
                    }
                })
                .register(registry);
        counter("mercure_updates_total", "Updates published (accepted and stored)", updates::sum);
        counter("mercure_deliveries_total", "Events written to subscribers, live or replayed from history",
                () -> sum(hub.shards(), ShardStats::deliveries));
        counter("mercure_slow_subscriber_disconnects_total",
                "Subscribers disconnected because they did not read fast enough (subscriber-buffer)",
                () -> sum(hub.shards(), ShardStats::slowDisconnects));
        GaugeWithCallback.builder()
                .name("mercure_history_events")
                .help("Events kept in the history for reconnecting clients")
                .callback(cb -> cb.call(hub.history().size()))
                .register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    private static long sum(List<Shard> shards, ToLongFunction<ShardStats> count) {
        long total = 0;
        for (Shard shard : shards) {
            total += count.applyAsLong(shard.stats());
        }
        return total;
    }

    /**
     * A few of the hub's counts as of now, for the debugger's live view: cheap enough to be read
     * every second on an event loop (no JVM beans, no store query).
     *
     * @param subscribers open SSE streams
     * @param subscriptions their topic selectors
     * @param updates updates published since the hub started
     * @param deliveries events written to subscribers since the hub started
     * @param historyEvents events kept for reconnecting clients
     */
    public record Summary(long subscribers, long subscriptions, long updates, long deliveries, long historyEvents) {}

    /** The counts of {@link Summary}; zeros but for updates before the hub has its shards. */
    public Summary summary() {
        Sources hub = sources;
        if (hub == null) {
            return new Summary(0, 0, updates.sum(), 0, 0);
        }
        long selectors = 0;
        for (ShardStats.SelectorKind kind : ShardStats.SelectorKind.values()) {
            selectors += sum(hub.shards(), s -> s.selectors(kind));
        }
        return new Summary(hub.subscribers().getAsInt(), selectors, updates.sum(),
                sum(hub.shards(), ShardStats::deliveries), hub.history().size());
    }

    /** The hub's metrics and the JVM's, as of now. */
    public MetricSnapshots scrape() {
        List<MetricSnapshot> all = new ArrayList<>();
        registry.scrape().forEach(all::add);
        JvmRegistry.get().scrape().forEach(all::add);
        return new MetricSnapshots(all);
    }
}
