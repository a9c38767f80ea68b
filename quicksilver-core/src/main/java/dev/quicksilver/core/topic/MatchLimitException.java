package dev.quicksilver.core.topic;

/**
 * A URI Template, a URL Pattern or a whole subscription over one of the {@link MatchLimits}. The
 * message says what is too large in the selector's terms ("has more than 32 variables"); the caller
 * says which parameter, and {@link #limit()} names the limit for the client to read.
 */
public final class MatchLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String limit;

    public MatchLimitException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    static MatchLimitException variables(int max) {
        return new MatchLimitException(MatchLimits.VARIABLES, "has more than " + max + " variables");
    }

    static MatchLimitException groups(int max) {
        return new MatchLimitException(MatchLimits.GROUPS, "has more than " + max + " groups");
    }

    static MatchLimitException selectorSize(int size, int max) {
        return new MatchLimitException(MatchLimits.SELECTOR_SIZE, "compiles to " + size + " instructions, more than "
                + max);
    }

    /** The selectors of one subscription together, over {@link MatchLimits#maxSubscriptionVariables()}. */
    public static MatchLimitException subscriptionVariables(int max) {
        return new MatchLimitException(MatchLimits.SUBSCRIPTION_VARIABLES, "have more than " + max
                + " variables and groups together");
    }

    /** The selectors of one subscription together, over {@link MatchLimits#maxSubscriptionSize()}. */
    public static MatchLimitException subscriptionSize(int max) {
        return new MatchLimitException(MatchLimits.SUBSCRIPTION_SIZE, "compile to more than " + max
                + " instructions together");
    }

    /** The limit's name, one of the constants of {@link MatchLimits}. */
    public String limit() {
        return limit;
    }
}
