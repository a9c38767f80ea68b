package dev.quicksilver.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

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
        int h2Connections) {

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
    /** Time allowed beyond the planned phases before the run is stopped anyway. */
    public static final Duration HARD_CAP_MARGIN = Duration.ofSeconds(60);

    public Settings {
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
        if (sourceAddresses > 0 && !hub.ipv4()) {
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
        return h2Connections > 0 ? Math.min(h2Connections, subscribers) : subscribers;
    }

    /** How many publishes the run makes. */
    public long plannedPublishes() {
        return (long) Math.floor(rate * duration.toNanos() / 1e9);
    }

    /** The whole run must end within this (a safety net beyond the phases' own bounds). */
    public Duration hardCap() {
        return connectTimeout.plus(duration).plus(settle).plus(HARD_CAP_MARGIN);
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
