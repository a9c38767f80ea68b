package dev.quicksilver.redis;

/**
 * The hub's keys in Redis. They share one hash tag, the braces of the prefix, so that Redis Cluster
 * puts them on one slot: the publish script touches all of them at once, which a cluster only
 * allows on one slot.
 *
 * @param prefix the common prefix, a hash tag such as {@code {quicksilver}}
 */
record Keys(String prefix) {
    static final String DEFAULT_PREFIX = "{quicksilver}";

    Keys {
        if (!prefix.startsWith("{") || prefix.indexOf('}') < 2) {
            throw new IllegalArgumentException("the key prefix must start with a hash tag, e.g. {quicksilver}: \""
                    + prefix + "\"");
        }
    }

    /** The stream of events, updates and subscription events alike, in the hub's one order. */
    String stream() {
        return prefix + ":events";
    }

    /** The last sequence given. */
    String sequence() {
        return prefix + ":sequence";
    }

    /** Mercure id to the sequence of its first kept event (a sorted set, trimmed with the stream). */
    String index() {
        return prefix + ":ids";
    }

    /** What a node writes to learn whether Redis takes writes again. */
    String probe() {
        return prefix + ":probe";
    }

    /** The subscriptions of one node, a hash that expires unless the node refreshes it. */
    String subscriptions(String node) {
        return prefix + ":subscriptions:" + node;
    }

    /** The nodes that keep subscriptions, a sorted set scored by when each last refreshed. */
    String nodes() {
        return prefix + ":nodes";
    }
}
