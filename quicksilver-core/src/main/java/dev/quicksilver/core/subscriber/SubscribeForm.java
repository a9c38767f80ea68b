package dev.quicksilver.core.subscriber;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
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
 */
public final class SubscribeForm {
    /** Limits and switches of the subscribe parameters. */
    public record Limits(int maxMatchers, int maxMatchBytes, int maxTopics, int maxTopicLength, boolean topicAllowed) {}

    private final TopicSelectors selectors;
    private final Limits limits;
    private final Supplier<String> hubUrl;

    /** @param hubUrl the base against which relative URL patterns and topics resolve (the hub's public URL) */
    public SubscribeForm(TopicSelectors selectors, Limits limits, Supplier<String> hubUrl) {
        this.selectors = selectors;
        this.limits = limits;
        this.hubUrl = hubUrl;
    }

    public List<Matcher> read(FormData form) {
        List<Matcher> matchers = new ArrayList<>();
        int modern = 0;
        int legacy = 0;
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
                matchers.add(Matcher.topic(selectors.parse(field.value())));
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
            matchers.add(matcher(type, name, field.value()));
        }
        if (matchers.isEmpty()) {
            throw HubException.badRequest(limits.topicAllowed()
                    ? "Missing \"topic\" parameter. (Mercure 1.0 clients send \"match\" or \"match_urlpattern\".)"
                    : "Missing \"match\" parameter.");
        }
        return matchers;
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
            return new Matcher(type, value, selectors.urlPattern(value, hubUrl.get()));
        } catch (UrlPatternException e) {
            // The compiler's message is not echoed (CWE-209).
            throw HubException.badRequest("Invalid URL pattern in \"" + name + "\".");
        }
    }
}
