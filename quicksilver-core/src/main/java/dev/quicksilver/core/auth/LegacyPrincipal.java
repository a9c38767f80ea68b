package dev.quicksilver.core.auth;

import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Update;
import java.time.Instant;
import java.util.List;

/**
 * A 0.x token: {@code mercure.publish} and {@code mercure.subscribe} are topic selectors.
 *
 * @param publish the publish selectors, or null when the claim is absent (no publishing)
 * @param subscribe the subscribe selectors, or null when absent (public updates only)
 * @param payload the {@code mercure.payload} claim, or null
 * @param publicPublish the reference hub's compatibility level 7: any token of this key may publish
 *     public (not private) updates on any topic
 */
public record LegacyPrincipal(List<TopicSelector> publish, List<TopicSelector> subscribe, Object payload,
        Instant expiresAt, boolean publicPublish) implements Principal {

    @Override
    public boolean canRead(Update update) {
        if (!update.targets().isEmpty()) {
            return false;
        }
        if (!update.privateUpdate()) {
            return true;
        }
        return subscribe != null && anyMatches(subscribe, update.topics());
    }

    /** The selectors a claim holds, as a reason for a refusal: the bearer's own token, at most ten. */
    private static String granted(List<TopicSelector> selectors) {
        if (selectors.isEmpty()) {
            return "no selector";
        }
        List<String> shown = selectors.stream().limit(10).map(s -> AuthException.quote(s.text())).toList();
        return "[" + String.join(", ", shown) + (selectors.size() > 10 ? ", …" : "") + "]";
    }

    @Override
    public void authorizePublish(Update update) {
        if (!update.targets().isEmpty()) {
            throw AuthException.insufficientScope(
                    "Targeted updates (the \"target\" field) need a token signed with a targets-dialect key.");
        }
        if (publicPublish && !update.privateUpdate()) {
            return;
        }
        if (publish == null) {
            throw AuthException.insufficientScope("The token has no \"mercure.publish\" claim.");
        }
        for (String topic : update.topics()) {
            if (!anyMatches(publish, List.of(topic))) {
                throw AuthException.insufficientScope("The token does not grant publishing to " + AuthException.quote(topic)
                        + ": its \"mercure.publish\" claim holds " + granted(publish) + ".");
            }
        }
    }

    @Override
    public boolean grantsSubscribe(String topic) {
        return subscribe != null && anyMatches(subscribe, List.of(topic));
    }

    private static boolean anyMatches(List<TopicSelector> selectors, List<String> topics) {
        for (TopicSelector selector : selectors) {
            if (selector.matchesAny(topics)) {
                return true;
            }
        }
        return false;
    }
}
