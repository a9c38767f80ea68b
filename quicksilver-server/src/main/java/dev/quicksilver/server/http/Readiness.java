package dev.quicksilver.server.http;

import dev.quicksilver.core.transport.Health;
import java.util.function.Supplier;

/**
 * Whether this hub should be sent traffic now: what {@code /readyz} reports, apart from
 * {@code /healthz} (liveness). A hub is not ready while it starts (its listeners are open, its
 * JWK Sets may still be loading), while its transport cannot store or reach what it needs (the
 * history, or a cluster's broker), and from the moment it begins to drain at shutdown, so that a
 * balancer stops sending new clients before the listeners close. Thread-safe.
 */
public final class Readiness {
    private enum Phase { STARTING, SERVING, DRAINING }

    private final Supplier<Health> transport;
    private volatile Phase phase = Phase.STARTING;

    /** @param transport whether the transport can store updates now */
    public Readiness(Supplier<Health> transport) {
        this.transport = transport;
    }

    /** The hub has started: ready whenever its transport is healthy. */
    public void serving() {
        if (phase == Phase.STARTING) {
            phase = Phase.SERVING;
        }
    }

    /** The hub drains at shutdown: never ready again. */
    public void draining() {
        phase = Phase.DRAINING;
    }

    /** Why the hub is not ready, in a few words for an operator; {@link Health#OK} when it is. */
    public Health now() {
        return switch (phase) {
            case STARTING -> new Health("starting");
            case DRAINING -> new Health("draining: the hub is shutting down");
            case SERVING -> transport.get();
        };
    }
}
