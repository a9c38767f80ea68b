package dev.quicksilver.core.auth;

/**
 * How a verified token's claims are read. Each configured key has one dialect, because a token
 * cannot show which era minted it: the same {@code mercure.subscribe} strings are audience labels
 * in the seed era and topic selectors in 0.x.
 */
public enum Dialect {
    /**
     * 1.0: RFC 9068 access tokens ({@code typ} {@code at+jwt}, {@code iss}, {@code aud}, {@code exp}
     * required) whose {@code authorization_details} grant actions on topic matchers.
     */
    OAUTH,
    /** 0.x: the {@code mercure} claim holds topic selectors ({@code publish}, {@code subscribe}) and a {@code payload}. */
    LEGACY,
    /**
     * The seed era: the {@code mercure} claim holds target labels. {@code publish: []} may publish
     * public updates on any topic; an update's {@code target}s must all be in {@code publish} (or
     * {@code *}); a subscriber reads a targeted update when its {@code subscribe} lists one of the
     * targets (or {@code *}).
     */
    TARGETS;

    public static Dialect parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "oauth", "1.0" -> OAUTH;
            case "legacy", "0.x", "selectors" -> LEGACY;
            case "targets", "seed" -> TARGETS;
            default -> throw new IllegalArgumentException("unknown dialect \"" + name + "\" (use oauth, legacy or targets)");
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
