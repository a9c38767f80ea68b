package dev.quicksilver.core.topic;

/**
 * How a subscription selects topics. The type decides the matching rules and the shape of the
 * subscription's events and API documents: 0.x for {@link #TOPIC}, 1.0 for the others.
 */
public enum MatchType {
    /** 0.x and seed era {@code topic=}: {@code *}, exact, or a URI Template. */
    TOPIC("topic"),
    /** 1.0 {@code match=} / {@code match_exact=}: byte-for-byte, {@code *} for every topic. */
    EXACT("exact"),
    /** 1.0 {@code match_urlpattern=}: a WHATWG URL Pattern, {@code *} for every topic. */
    URLPATTERN("urlpattern");

    private final String label;

    MatchType(String label) {
        this.label = label;
    }

    /** The name in URLs and documents ({@code exact}, {@code urlpattern}). */
    public String label() {
        return label;
    }

    /** A 1.0 {@code match_type} value, or null when it names none. */
    public static MatchType ofLabel(String label) {
        if (EXACT.label.equals(label)) {
            return EXACT;
        }
        if (URLPATTERN.label.equals(label)) {
            return URLPATTERN;
        }
        return null;
    }

    public boolean modern() {
        return this != TOPIC;
    }
}
