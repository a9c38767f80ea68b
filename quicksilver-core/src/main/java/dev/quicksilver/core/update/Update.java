package dev.quicksilver.core.update;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An update as a publisher sent it. The first topic is the canonical one, the others are alternates
 * (a subscriber matching any of them receives the update).
 *
 * @param id the id the publisher chose, or null for the hub to generate one
 * @param topics at least one topic
 * @param data the payload, empty when the publisher sent none
 * @param privateUpdate a 0.x private update: only subscribers whose token grants one of its topics
 * @param type the SSE event type, or null
 * @param retry the SSE reconnection time in milliseconds, 0 for none
 * @param targets the seed era's audience labels; an update with targets is delivered only to
 *     subscribers whose targets-dialect token lists one of them (or {@code *})
 */
public record Update(String id, List<String> topics, String data, boolean privateUpdate, String type, long retry,
        Set<String> targets) {

    public Update {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs a topic");
        }
        Objects.requireNonNull(data, "data");
        targets = Set.copyOf(targets);
    }

    /** A public update with no id, type or retry. */
    public static Update of(List<String> topics, String data) {
        return new Update(null, topics, data, false, null, 0, Set.of());
    }

    public Update withId(String newId) {
        return new Update(newId, topics, data, privateUpdate, type, retry, targets);
    }

    public String topic() {
        return topics.get(0);
    }

    /** True when only some subscribers may read it: private (0.x) or targeted (seed era). */
    public boolean restricted() {
        return privateUpdate || !targets.isEmpty();
    }
}
