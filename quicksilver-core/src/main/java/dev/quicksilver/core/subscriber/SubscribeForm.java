package dev.quicksilver.core.subscriber;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.topic.MatchLimitException;
import dev.quicksilver.core.topic.MatchLimits;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.TextRules;
import dev.quicksilver.core.urlpattern.UrlPatternException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the matchers of a subscribe request: 1.0's {@code match} / {@code match_exact} /
 * {@code match_urlpattern}, and where 0.x is served, {@code topic}. Names are case-sensitive; any
 * other name starting with {@code match} (in any case) is reserved and refused, so a client asking
 * for a matcher type this hub lacks learns it rather than silently getting nothing.
 *
 * <p>URI Templates and URL Patterns are held to the {@link MatchLimits}, each and all of a
 * subscription's together, as they are compiled: a subscription over one is refused with a 400
 * that names the limit, before the rest of it is compiled.
 */
public final class SubscribeForm {
    /** Limits and switches of the subscribe parameters. */
    public record Limits(int maxMatchers, int maxMatchBytes, int maxTopics, int maxTopicLength, boolean topicAllowed) {}

    private final TopicSelectors selectors;
    private final Limits limits;
    private final MatchLimits matchLimits;
    private final Supplier<String> hubUrl;

    /** With the default {@link MatchLimits#DEFAULTS}. */
    public SubscribeForm(TopicSelectors selectors, Limits limits, Supplier<String> hubUrl) {
        this(selectors, limits, MatchLimits.DEFAULTS, hubUrl);
    }

    /** @param hubUrl the base against which relative URL patterns and topics resolve (the hub's public URL) */
    public SubscribeForm(TopicSelectors selectors, Limits limits, MatchLimits matchLimits, Supplier<String> hubUrl) {
        this.selectors = selectors;
        this.limits = limits;
        this.matchLimits = matchLimits;
        this.hubUrl = hubUrl;
    }

    public List<Matcher> read(FormData form) {
        List<Matcher> matchers = new ArrayList<>();
        int modern = 0;
        int legacy = 0;
        Cost cost = new Cost();
        for (FormData.Field field : form.fields()) {
            String name = field.name();
            if (name.equals("topic")) {
                if (!limits.topicAllowed()) {
                    throw HubException.badRequest("The \"topic\" parameter belongs to Mercure 0.x, which this hub does "
                            + "not serve: use \"match\" (exact) or \"match_urlpattern\".");
                }
                if (++legacy > limits.maxTopics()) {
                    throw HubException.badRequest("Too many \"topic\" parameters (the limit is " + limits.maxTopics() + ").");
                }
                if (field.value().length() > limits.maxTopicLength()) {
                    throw HubException.badRequest("A \"topic\" selector is longer than " + limits.maxTopicLength()
                            + " characters.");
                }
                Matcher topic = Matcher.topic(within(name, "URI Template",
                        () -> selectors.parse(field.value(), matchLimits)));
                add(matchers, topic, cost);
                continue;
            }
            if (!name.regionMatches(true, 0, "match", 0, 5) || name.length() < 5) {
                continue; // unknown parameters are ignored
            }
            MatchType type = switch (name) {
                case "match", "match_exact" -> MatchType.EXACT;
                case "match_urlpattern" -> MatchType.URLPATTERN;
                default -> throw HubException.badRequest("Unknown matcher \"" + name + "\": names starting with "
                        + "\"match\" are reserved; this hub knows match, match_exact and match_urlpattern.");
            };
            if (++modern > limits.maxMatchers()) {
                throw HubException.badRequest("Too many matchers (the limit is " + limits.maxMatchers() + ").");
            }
            add(matchers, matcher(type, name, field.value()), cost);
        }
        if (matchers.isEmpty()) {
            throw HubException.badRequest(limits.topicAllowed()
                    ? "Missing \"topic\" parameter. (Mercure 1.0 clients send \"match\" or \"match_urlpattern\".)"
                    : "Missing \"match\" parameter.");
        }
        return matchers;
    }

    /** What the subscription's selectors add up to so far. */
    private static final class Cost {
        int variables;
        int size;
    }

    /** Adds the matcher to the subscription, unless that takes the subscription over a limit. */
    private void add(List<Matcher> matchers, Matcher matcher, Cost cost) {
        cost.variables += matcher.selector().variables();
        cost.size += matcher.selector().programSize();
        MatchLimitException over = null;
        if (cost.variables > matchLimits.maxSubscriptionVariables()) {
            over = MatchLimitException.subscriptionVariables(matchLimits.maxSubscriptionVariables());
        } else if (cost.size > matchLimits.maxSubscriptionSize()) {
            over = MatchLimitException.subscriptionSize(matchLimits.maxSubscriptionSize());
        }
        if (over != null) {
            throw refused("The subscription's URI Templates and URL patterns", over);
        }
        matchers.add(matcher);
    }

    private static TopicSelector within(String name, String kind, Supplier<TopicSelector> compile) {
        try {
            return compile.get();
        } catch (MatchLimitException e) {
            throw refused("A \"" + name + "\" " + kind, e);
        }
    }

    private static HubException refused(String what, MatchLimitException e) {
        return HubException.badRequest(what + " " + e.getMessage() + " (limit " + e.limit() + ").");
    }

    private Matcher matcher(MatchType type, String name, String value) {
        if (value.isEmpty()) {
            throw HubException.badRequest("The \"" + name + "\" parameter is empty.");
        }
        if (!TextRules.isClean(value)) {
            throw HubException.badRequest("The \"" + name + "\" parameter contains a control or invisible formatting character.");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > limits.maxMatchBytes()) {
            throw HubException.badRequest("The \"" + name + "\" parameter is longer than " + limits.maxMatchBytes() + " bytes.");
        }
        if (type == MatchType.EXACT) {
            return new Matcher(type, value, selectors.exact(value));
        }
        try {
            return new Matcher(type, value, within(name, "URL pattern",
                    () -> selectors.urlPattern(value, hubUrl.get(), matchLimits)));
        } catch (UrlPatternException e) {
            // The compiler's message is not echoed (CWE-209).
            throw HubException.badRequest("Invalid URL pattern in \"" + name + "\".");
        }
    }
}
