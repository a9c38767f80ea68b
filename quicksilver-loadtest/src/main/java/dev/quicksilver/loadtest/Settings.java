package dev.quicksilver.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One run's checked, immutable settings. {@link LoadTest} builds them from the command line; tests
 * build them directly.
 *
 * @param hub the hub under test
 * @param subscribers how many SSE connections to open
 * @param topics how many topics; subscriber i subscribes to topic {@code i % topics}
 * @param topicPrefix topic j is {@code topicPrefix + "/" + j}
 * @param rate publishes per second, over the topics in turn
 * @param duration how long to publish
 * @param payload the size in bytes of each update's data (its send time, then padding)
 * @param publisherToken the publisher's JWT, or null
 * @param subscriberToken the subscribers' JWT, or null (anonymous)
 * @param sourceAddresses how many 127.x source addresses the subscribers spread over (0: let the
 *     system choose)
 * @param connectRate new subscriber connections per second
 * @param connectTimeout the longest wait for every subscriber to be established
 * @param settle the longest wait, after publishing, for deliveries still on their way
 * @param hubPid the hub's process id, or 0 when its resources are not measured
 * @param json the file to append the JSON result to, or null
 * @param ioThreads the subscribers' event loop threads
 * @param publishConnections the publisher's keep-alive connections
 * @param protocol how to subscribe and publish: Mercure, or Nchan for the peer measurement
 * @param label the run's name in reports, or null
 * @param templates 0, or how many URI Templates the subscribers select instead of topics (see
 *     {@link TopicPlan})
 * @param slowSubscribers how many of the subscribers (the first ones) stop reading once
 *     established, kept out of the completeness and latency of the others
 * @param resume whether the slow subscribers reconnect with {@code Last-Event-ID} once cut
 * @param h2Connections 0: one HTTP/1.1 connection per subscriber; else the subscribers are HTTP/2
 *     streams (h2c by prior knowledge) spread over this many connections
 * @param cluster the hub URLs (the first is {@code hub}), where publishes go, reconnection, and the
 *     worker processes
 */
public record Settings(
        HubTarget hub,
        int subscribers,
        int topics,
        String topicPrefix,
        double rate,
        Duration duration,
        int payload,
        String publisherToken,
        String subscriberToken,
        int sourceAddresses,
        int connectRate,
        Duration connectTimeout,
        Duration settle,
        long hubPid,
        Path json,
        int ioThreads,
        int publishConnections,
        Protocol protocol,
        String label,
        int templates,
        int slowSubscribers,
        boolean resume,
        int h2Connections,
        Cluster cluster) {

    /** Which hub each publish goes to. */
    public enum PublishTo {
        /** A hub drawn at random (seeded: the same run draws the same hubs). */
        RANDOM,
        /** The hubs in turn. */
        ROUND_ROBIN,
        /** Always the first hub. */
        FIRST;

        /** Parses {@code random}, {@code round-robin} or {@code first}. */
        public static PublishTo parse(String s) {
            for (PublishTo p : values()) {
                if (p.option().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("--publish-to must be random, round-robin or first");
        }

        /** The spelling on the command line. */
        public String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Several hubs (the nodes of a cluster) and several worker processes.
     *
     * @param hubs every hub URL; subscriber i connects to hub {@code i mod hubs}
     * @param publishTo which hub each publish goes to
     * @param seed the seed of the random hub choice
     * @param reconnect whether a subscriber whose stream ends reconnects to the next hub with
     *     {@code Last-Event-ID}
     * @param workers 0: this process holds every subscriber; W: the subscribers are split over W
     *     child processes (this one publishes)
     * @param workerIndex -1, or which share of the subscribers this process (a worker) holds
     * @param hubPids the hubs' process ids when they are measured (the first is {@code hubPid}),
     *     or empty
     */
    public record Cluster(List<HubTarget> hubs, PublishTo publishTo, long seed, boolean reconnect, int workers,
            int workerIndex, List<Long> hubPids) {
        /** The most worker processes. */
        public static final int MAX_WORKERS = 64;

        public Cluster(List<HubTarget> hubs, PublishTo publishTo, long seed, boolean reconnect, int workers,
                int workerIndex) {
            this(hubs, publishTo, seed, reconnect, workers, workerIndex, List.of());
        }

        public Cluster {
            hubs = List.copyOf(hubs);
            hubPids = List.copyOf(hubPids);
            if (hubs.isEmpty()) {
                throw new IllegalArgumentException("Missing required option: '--hub=URL'");
            }
            if (workers < 0 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("--workers must be between 0 and " + MAX_WORKERS);
            }
            if (workerIndex < -1 || (workerIndex >= 0 && workerIndex >= workers)) {
                throw new IllegalArgumentException("--worker must be k/W with 0 <= k < W");
            }
        }

        /** One hub, one process, no reconnection: the tool as it was before clusters. */
        public static Cluster single(HubTarget hub) {
            return new Cluster(List.of(hub), PublishTo.FIRST, 1, false, 0, -1);
        }

        /** Whether this process coordinates worker processes (and holds no subscriber). */
        public boolean coordinator() {
            return workers > 0 && workerIndex < 0;
        }

        /** Whether this process is one of the workers. */
        public boolean worker() {
            return workerIndex >= 0;
        }
    }

    /** The settings of one hub, one process. */
    public Settings(HubTarget hub, int subscribers, int topics, String topicPrefix, double rate, Duration duration,
            int payload, String publisherToken, String subscriberToken, int sourceAddresses, int connectRate,
            Duration connectTimeout, Duration settle, long hubPid, Path json, int ioThreads, int publishConnections,
            Protocol protocol, String label, int templates, int slowSubscribers, boolean resume, int h2Connections) {
        this(hub, subscribers, topics, topicPrefix, rate, duration, payload, publisherToken, subscriberToken,
                sourceAddresses, connectRate, connectTimeout, settle, hubPid, json, ioThreads, publishConnections,
                protocol, label, templates, slowSubscribers, resume, h2Connections, Cluster.single(hub));
    }

    /** A payload must hold {@code <send time>.<sequence>.}: up to 19 + 1 + 10 + 1 characters. */
    public static final int MIN_PAYLOAD = 32;
    /** Subscribers per source address by default: well under the ~28k ephemeral ports of one. */
    public static final int SUBSCRIBERS_PER_SOURCE = 10_000;
    /** Source addresses 127.0.0.2 to 127.0.0.255 at most. */
    public static final int MAX_SOURCE_ADDRESSES = 254;
    /** The most URI Templates (and groups of subscribers) a run may have. */
    public static final int MAX_TEMPLATES = 100_000;
    /** Streams per HTTP/2 connection at most: the hub's limit of concurrent streams. */
    public static final int MAX_STREAMS_PER_H2_CONNECTION = 10_000;
    /** HTTP/2 connections at most. */
    public static final int MAX_H2_CONNECTIONS = 100_000;
    /** With worker processes, the most publishes a run may make (their log goes to every worker). */
    public static final long MAX_WORKER_PUBLISHES = 1_000_000;
    /** Time allowed beyond the planned phases before the run is stopped anyway. */
    public static final Duration HARD_CAP_MARGIN = Duration.ofSeconds(60);

    public Settings {
        if (!cluster.hubs().get(0).equals(hub)) {
            throw new IllegalArgumentException("the first hub of the cluster must be the hub");
        }
        if (!cluster.hubPids().isEmpty() && cluster.hubPids().get(0) != hubPid) {
            throw new IllegalArgumentException("the first hub process of the cluster must be the hub's");
        }
        if (subscribers < 0) {
            throw new IllegalArgumentException("--subscribers must be 0 or more");
        }
        if (topics < 1) {
            throw new IllegalArgumentException("--topics must be 1 or more");
        }
        if (!(rate >= 0) || rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be between 0 and 1000000 publishes per second");
        }
        if (duration.isNegative() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("--duration must be between 0 and 24 hours");
        }
        if (payload < MIN_PAYLOAD || payload > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("--payload must be between " + MIN_PAYLOAD + " and 16 MiB");
        }
        if (sourceAddresses < 0 || sourceAddresses > MAX_SOURCE_ADDRESSES) {
            throw new IllegalArgumentException("--source-addresses must be between 0 and " + MAX_SOURCE_ADDRESSES);
        }
        if (sourceAddresses > 0 && !cluster.hubs().stream().allMatch(HubTarget::ipv4)) {
            throw new IllegalArgumentException("--source-addresses needs an IPv4 hub address (127.x); use 0 with ::1");
        }
        if (connectRate < 1) {
            throw new IllegalArgumentException("--connect-rate must be 1 or more");
        }
        if (connectTimeout.isNegative() || settle.isNegative()) {
            throw new IllegalArgumentException("--connect-timeout and --settle must not be negative");
        }
        if (ioThreads < 1 || publishConnections < 1) {
            throw new IllegalArgumentException("--io-threads and --publish-connections must be 1 or more");
        }
        if (rate * duration.toNanos() / 1e9 > dev.quicksilver.loadtest.measure.PublishLog.MAX_PUBLISHES) {
            throw new IllegalArgumentException("--rate x --duration must be at most "
                    + dev.quicksilver.loadtest.measure.PublishLog.MAX_PUBLISHES + " publishes");
        }
        checkToken("--publisher-token", publisherToken);
        checkToken("--subscriber-token", subscriberToken);
        if (topicPrefix == null || topicPrefix.isEmpty()) {
            throw new IllegalArgumentException("--topic-prefix must not be empty");
        }
        if (slowSubscribers < 0 || slowSubscribers > subscribers) {
            throw new IllegalArgumentException("--slow-subscribers must be between 0 and --subscribers");
        }
        if (resume && slowSubscribers == 0) {
            throw new IllegalArgumentException("--resume needs --slow-subscribers");
        }
        if (templates < 0 || templates > MAX_TEMPLATES) {
            throw new IllegalArgumentException("--templates must be between 0 and " + MAX_TEMPLATES);
        }
        if (templates > 0 && topics != 1) {
            throw new IllegalArgumentException("--templates replaces --topics: give one or the other");
        }
        if (templates > 0 && protocol != Protocol.MERCURE) {
            throw new IllegalArgumentException("--templates needs --protocol mercure (Nchan has no URI Templates)");
        }
        if (h2Connections < 0 || h2Connections > MAX_H2_CONNECTIONS) {
            throw new IllegalArgumentException("--h2-connections must be between 0 and " + MAX_H2_CONNECTIONS);
        }
        if (h2Connections > 0 && (subscribers + (long) h2Connections - 1) / h2Connections > MAX_STREAMS_PER_H2_CONNECTION) {
            throw new IllegalArgumentException("--h2-connections: at most " + MAX_STREAMS_PER_H2_CONNECTION
                    + " subscribers per connection; use more connections");
        }
        if (h2Connections > 0 && slowSubscribers > 0) {
            throw new IllegalArgumentException("--slow-subscribers cannot be combined with --h2-connections: a slow "
                    + "subscriber stalls its own TCP connection, and an HTTP/2 stream shares its connection with others");
        }
        checkCluster(cluster, h2Connections, slowSubscribers, plannedPublishes(rate, duration));
    }

    private static void checkCluster(Cluster cluster, int h2Connections, int slowSubscribers, long publishes) {
        boolean several = cluster.hubs().size() > 1 || cluster.workers() > 0 || cluster.reconnect();
        if (several && h2Connections > 0) {
            throw new IllegalArgumentException("--h2-connections works with one --hub, no --workers and no --reconnect");
        }
        if (several && slowSubscribers > 0) {
            throw new IllegalArgumentException("--slow-subscribers works with one --hub, no --workers and no --reconnect "
                    + "(use --resume for the slow ones)");
        }
        if (cluster.workers() > 0 && publishes > MAX_WORKER_PUBLISHES) {
            throw new IllegalArgumentException("--workers: at most " + MAX_WORKER_PUBLISHES
                    + " publishes per run (--rate x --duration): each worker is sent the log of every publish");
        }
    }

    private static void checkToken(String option, String token) {
        if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 32 && c < 127))) {
            throw new IllegalArgumentException(option + " must be a non-empty token of visible ASCII characters");
        }
    }

    /** The default number of source addresses for {@code subscribers}. */
    public static int defaultSourceAddresses(int subscribers) {
        return Math.max(1, (subscribers + SUBSCRIBERS_PER_SOURCE - 1) / SUBSCRIBERS_PER_SOURCE);
    }

    /** The default connect timeout: the ramp's own time plus 30 seconds. */
    public static Duration defaultConnectTimeout(int subscribers, int connectRate) {
        return Duration.ofSeconds(30 + (subscribers + connectRate - 1L) / connectRate);
    }

    /** The subscribers' TCP connections: one each, or the HTTP/2 connections that carry them. */
    public int subscriberConnections() {
        return h2Connections > 0 ? Math.min(h2Connections, subscribers) : largestShareOrNone();
    }

    /** The publisher's TCP connections: {@code --publish-connections} to each hub; none in a worker. */
    public int publisherConnections() {
        return cluster.worker() ? 0 : publishConnections * cluster.hubs().size();
    }

    private int largestShareOrNone() {
        return cluster.coordinator() ? 0 : largestShare();
    }

    /** How many publishes the run makes. */
    public long plannedPublishes() {
        return plannedPublishes(rate, duration);
    }

    private static long plannedPublishes(double rate, Duration duration) {
        return (long) Math.floor(rate * duration.toNanos() / 1e9);
    }

    /** The hub URLs (the first is {@link #hub()}). */
    public List<HubTarget> hubs() {
        return cluster.hubs();
    }

    /** The first subscriber (global index) this process holds: a worker holds a contiguous share. */
    public int firstSubscriber() {
        return cluster.worker() ? shareStart(cluster.workerIndex()) : 0;
    }

    /** One past the last subscriber this process holds (none for a coordinator). */
    public int endSubscriber() {
        if (cluster.coordinator()) {
            return 0;
        }
        return cluster.worker() ? shareStart(cluster.workerIndex() + 1) : subscribers;
    }

    /** Where worker k's share starts: the shares differ by at most one. */
    public int shareStart(int k) {
        return (int) ((long) subscribers * k / cluster.workers());
    }

    /** The most subscribers one worker holds. */
    public int largestShare() {
        return cluster.workers() == 0 ? subscribers : (subscribers + cluster.workers() - 1) / cluster.workers();
    }

    /** The whole run must end within this (a safety net beyond the phases' own bounds). */
    public Duration hardCap() {
        Duration cap = connectTimeout.plus(duration).plus(settle).plus(HARD_CAP_MARGIN);
        // Workers: their JVMs start, and they count their results (see Workers).
        return cluster.workers() > 0 ? cap.plus(dev.quicksilver.loadtest.workers.Workers.START_MARGIN)
                .plus(dev.quicksilver.loadtest.workers.Workers.RESULT_MARGIN) : cap;
    }

    /** Who subscribes to what and where each publish goes. */
    public TopicPlan plan() {
        return templates > 0 ? new TopicPlan(topicPrefix, templates, true) : new TopicPlan(topicPrefix, topics, false);
    }

    /** The source address of subscriber i, or null to let the system choose. */
    public InetAddress sourceAddress(int i) {
        if (sourceAddresses == 0) {
            return null;
        }
        int k = i % sourceAddresses;
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + k)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
