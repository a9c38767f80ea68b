package dev.quicksilver.core.auth;

import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.urlpattern.UrlPatternException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the RFC 9396 {@code authorization_details} of a 1.0 access token. Details of the Mercure
 * type grant actions on topic matchers; details of other types are ignored whatever their shape.
 * A Mercure detail that is malformed (no actions, no topics, a bare-string topic, an empty match,
 * an unknown match type, an invalid URL pattern) invalidates the whole token: reading part of it
 * could grant less, or more, than its issuer meant.
 */
public final class AuthorizationDetails {
    public static final String TYPE = "https://mercure.rocks/authorization-detail";
    /** The most Mercure details, and the most topics over all of them, in one token (as the reference hub). */
    public static final int MAX_DETAILS = 100;
    public static final int MAX_TOPICS = 100;

    /** One granted matcher. */
    public record Topic(MatchType type, String match, TopicSelector selector) {}

    /** One Mercure detail: what it lets do, on which topics, with which payload. */
    public record Detail(boolean publish, boolean subscribe, List<Topic> topics, Object payload) {
        public boolean matchesAny(List<String> candidates) {
            for (Topic t : topics) {
                if (t.selector().matchesAny(candidates)) {
                    return true;
                }
            }
            return false;
        }

        /** True when every topic of the detail is {@code *}: the default grant. */
        boolean wildcardOnly() {
            return topics.stream().allMatch(t -> t.selector() instanceof TopicSelector.Wildcard);
        }
    }

    private AuthorizationDetails() {}

    /**
     * @param claim the claim's value as parsed from JSON, or null when absent (no grant)
     * @param hubUrl the base for relative URL patterns
     * @throws AuthException 401 invalid_token for a malformed Mercure detail or too many of them
     */
    public static List<Detail> read(Object claim, TopicSelectors selectors, String hubUrl) {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof Collection<?> items)) {
            throw AuthException.invalidToken("\"authorization_details\" must be an array.");
        }
        List<Detail> details = new ArrayList<>();
        int topics = 0;
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> detail)) {
                throw AuthException.invalidToken("An authorization detail must be a JSON object.");
            }
            if (!TYPE.equals(detail.get("type"))) {
                continue;
            }
            if (details.size() == MAX_DETAILS) {
                throw AuthException.invalidToken("The token has more than " + MAX_DETAILS + " Mercure authorization details.");
            }
            Detail d = detail(detail, selectors, hubUrl);
            topics += d.topics().size();
            if (topics > MAX_TOPICS) {
                throw AuthException.invalidToken("The token's Mercure authorization details have more than "
                        + MAX_TOPICS + " topics.");
            }
            details.add(d);
        }
        return List.copyOf(details);
    }

    private static Detail detail(Map<?, ?> detail, TopicSelectors selectors, String hubUrl) {
        List<?> actions = nonEmptyArray(detail.get("actions"), "actions");
        boolean publish = false;
        boolean subscribe = false;
        for (Object action : actions) {
            if (!(action instanceof String)) {
                throw AuthException.invalidToken("An authorization detail's actions must be strings.");
            }
            publish |= action.equals("publish");
            subscribe |= action.equals("subscribe");
        }
        List<Topic> topics = new ArrayList<>();
        for (Object topic : nonEmptyArray(detail.get("topics"), "topics")) {
            topics.add(topic(topic, selectors, hubUrl));
        }
        return new Detail(publish, subscribe, List.copyOf(topics), detail.get("payload"));
    }

    private static List<?> nonEmptyArray(Object value, String name) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw AuthException.invalidToken("A Mercure authorization detail needs a non-empty \"" + name + "\" array.");
        }
        return list;
    }

    private static Topic topic(Object value, TopicSelectors selectors, String hubUrl) {
        if (!(value instanceof Map<?, ?> topic)) {
            throw AuthException.invalidToken("An authorization detail's topics must be objects with \"match\".");
        }
        if (!(topic.get("match") instanceof String match) || match.isEmpty()) {
            throw AuthException.invalidToken("An authorization detail's topic needs a non-empty \"match\".");
        }
        Object typeName = topic.containsKey("match_type") ? topic.get("match_type") : "exact";
        MatchType type = typeName instanceof String s ? MatchType.ofLabel(s) : null;
        if (type == null) {
            throw AuthException.invalidToken("Unknown \"match_type\" in an authorization detail.");
        }
        if (type == MatchType.EXACT) {
            return new Topic(type, match, selectors.exact(match));
        }
        try {
            return new Topic(type, match, selectors.urlPattern(match, hubUrl));
        } catch (UrlPatternException e) {
            throw AuthException.invalidToken("Invalid URL pattern in an authorization detail.");
        }
    }
}
