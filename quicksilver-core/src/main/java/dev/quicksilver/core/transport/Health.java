package dev.quicksilver.core.transport;

/**
 * Whether a transport can store updates now: what {@code /healthz} reports.
 *
 * @param problem why not, in a few words for an operator; null when healthy
 */
public record Health(String problem) {
    public static final Health OK = new Health(null);

    public boolean healthy() {
        return problem == null;
    }
}
