package dev.quicksilver.server.support;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the hub of an acceptance test runs (docs/cluster.md "Tests"): on one node, or on two nodes
 * sharing one Redis, with the publisher talking to one node and the subscriber to the other. A test
 * class runs once per topology with {@code @ParameterizedClass @MethodSource(Topology.CHOSEN)} and
 * starts its hub with {@link Nodes#start}: what passes on one node must pass across two.
 */
public enum Topology {
    ONE_NODE("one node"),
    TWO_NODES("two nodes on Redis, publisher on one, subscriber on the other");

    /** The source of a class's topologies: {@link #chosen()}. */
    public static final String CHOSEN = "dev.quicksilver.server.support.Topology#chosen";

    private final String label;

    Topology(String label) {
        this.label = label;
    }

    /**
     * Every topology, unless the build names some with {@code -Dquicksilver.test.topologies=one_node}
     * (see the server module's pom: the executions that rerun the delivery tests with direct-send off
     * and on io_uring stay on one node, so that the cluster adds its seconds to one run only).
     */
    public static List<Topology> chosen() {
        String names = System.getProperty("quicksilver.test.topologies", "");
        if (names.isBlank()) {
            return List.of(values());
        }
        return Arrays.stream(names.split(",")).map(n -> valueOf(n.trim().toUpperCase(Locale.ROOT))).toList();
    }

    @Override
    public String toString() {
        return label;
    }
}
