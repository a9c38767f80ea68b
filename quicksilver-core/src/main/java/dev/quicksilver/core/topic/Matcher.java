package dev.quicksilver.core.topic;

import java.util.ArrayList;
import java.util.List;

/**
 * One selector of a subscription: its type, the string the subscriber sent, and the compiled
 * selector that matches topics.
 */
public record Matcher(MatchType type, String match, TopicSelector selector) {

    /** A 0.x {@code topic=} selector. */
    public static Matcher topic(TopicSelector selector) {
        return new Matcher(MatchType.TOPIC, selector.text(), selector);
    }

    public static List<Matcher> topics(List<TopicSelector> selectors) {
        List<Matcher> matchers = new ArrayList<>(selectors.size());
        for (TopicSelector s : selectors) {
            matchers.add(topic(s));
        }
        return matchers;
    }
}
