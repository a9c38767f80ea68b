package dev.quicksilver.core.topic;

/**
 * How much matching work one subscription may ask of the hub. Every publish tests its topics
 * against every distinct URI Template and URL Pattern of the connected subscribers, and a compiled
 * selector costs memory as long as a subscriber holds it, so both grow with the size of what a
 * subscriber sends, which anyone may send. These limits bound that size per selector and per
 * subscription; docs/configuration.md lists them with their defaults and docs/benchmarks.md gives
 * what the largest allowed subscription costs a publish.
 *
 * <p>Sizes are counted in compiled instructions (re2j's program size): matching one topic against
 * a selector costs at most that many steps per character of the topic (re2j runs in linear time),
 * and a compiled selector's memory grows in proportion. Variables and groups are counted apart,
 * since they are what costs: each may match the empty string, so all of them are alive at once while
 * a topic is matched, and compiling one costs tens of microseconds where a literal character costs
 * next to nothing. The subscription's variables bound the time it takes to compile (on the event
 * loop, when it subscribes) and to match per publish (on the matching threads).
 *
 * <p>They apply to what subscribers send ({@code topic}, {@code match_urlpattern}); selectors in
 * tokens come from the token's issuer, who is trusted, and are not bounded but by the URI Template
 * ceiling ({@link UriTemplate#MAX_VARIABLES}).
 *
 * @param maxVariables most variables in one URI Template (at most {@link UriTemplate#MAX_VARIABLES})
 * @param maxGroups most groups (named, wildcard and regular expression groups) in one URL Pattern
 * @param maxSelectorSize most compiled instructions of one URI Template or URL Pattern
 * @param maxSubscriptionVariables most variables and groups of all the URI Templates and URL
 *     Patterns of one subscription together
 * @param maxSubscriptionSize most compiled instructions of all the URI Templates and URL Patterns
 *     of one subscription together
 */
public record MatchLimits(int maxVariables, int maxGroups, int maxSelectorSize, int maxSubscriptionVariables,
        int maxSubscriptionSize) {
    /** The name of {@link #maxVariables} in messages and docs. */
    public static final String VARIABLES = "max-template-variables";
    /** The name of {@link #maxGroups} in messages and docs. */
    public static final String GROUPS = "max-pattern-groups";
    /** The name of {@link #maxSelectorSize} in messages and docs. */
    public static final String SELECTOR_SIZE = "max-selector-size";
    /** The name of {@link #maxSubscriptionVariables} in messages and docs. */
    public static final String SUBSCRIPTION_VARIABLES = "max-subscription-variables";
    /** The name of {@link #maxSubscriptionSize} in messages and docs. */
    public static final String SUBSCRIPTION_SIZE = "max-subscription-size";

    /**
     * 32 variables or groups per selector: real selectors use a handful. 5,000 instructions per
     * selector: a template or pattern of the longest accepted length (4,096 bytes) with a few
     * variables fits, since a literal character costs one instruction. 256 variables and groups and
     * 10,000 instructions per subscription: a couple of hundred ordinary templates
     * ({@code https://example.com/books/{id}} has one variable and 37 instructions); the worst
     * subscription allowed takes about a millisecond of CPU to compile (on the event loop) and one
     * or two to match per publish of a 100-character topic (on the matching threads) on a small
     * machine (docs/benchmarks.md), and about 1 MB of heap.
     */
    public static final MatchLimits DEFAULTS = new MatchLimits(32, 32, 5_000, 256, 10_000);

    public MatchLimits {
        if (maxVariables < 1 || maxGroups < 1 || maxSelectorSize < 1 || maxSubscriptionVariables < 1
                || maxSubscriptionSize < 1) {
            throw new IllegalArgumentException("match limits must be positive");
        }
    }
}
