package dev.quicksilver.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forms of a Redis URL this hub takes: one server ({@code redis://host:port/db},
 * {@code rediss://} for TLS), a master found through Sentinel
 * ({@code redis-sentinel://host:26379,host2:26379?sentinelMasterId=mymaster}), or a Redis Cluster
 * ({@code redis-cluster://host:7000,host2:7001}, {@code rediss-cluster://} for TLS). The first
 * three are Lettuce's own URI forms; the cluster schemes are this hub's, for a list of seed nodes.
 * Apart from {@link RedisEndpoint} so that reading the configuration loads no Redis client.
 */
public final class RedisUrl {
    private static final String[] SCHEMES = {"redis://", "rediss://", "redis-sentinel://", "redis-socket://",
        "redis-cluster://", "rediss-cluster://"};

    private RedisUrl() {}

    /** The URL, unchanged, when it is one of the forms above; else an exception that says which forms are. */
    public static String validate(String url) {
        String lower = url.trim().toLowerCase(Locale.ROOT);
        boolean known = false;
        for (String scheme : SCHEMES) {
            known |= lower.startsWith(scheme);
        }
        if (!known) {
            throw new IllegalArgumentException("expected a Redis URL (redis://host:port, rediss://, "
                    + "redis-sentinel://host:port?sentinelMasterId=NAME, redis-cluster://host:port,host:port), got \""
                    + url + "\"");
        }
        try {
            if (isCluster(lower)) {
                seeds(url.trim());
            } else {
                RedisURI.create(url.trim());
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a valid Redis URL: " + e.getMessage(), e);
        }
        return url.trim();
    }

    /** True for a URL of a Redis Cluster (then WAIT and the stream's node follow the slot). */
    static boolean isCluster(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://");
    }

    /** {@code redis-cluster://[user:password@]h1:p1,h2:p2[/?query]} as one {@code redis://} URI per seed. */
    static List<RedisURI> seeds(String url) {
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT).startsWith("rediss") ? "rediss" : "redis";
        String rest = url.substring(schemeEnd + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : authority.substring(at + 1).split(",")) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("an empty seed node in the list");
            }
            seeds.add(RedisURI.create(scheme + "://" + userInfo + host.trim() + tail));
        }
        return seeds;
    }

    /** A Redis URL without its password, for log lines. */
    public static String redact(String url) {
        return url.replaceAll("//([^@/]*:)?[^@/]*@", "//***@");
    }
}
