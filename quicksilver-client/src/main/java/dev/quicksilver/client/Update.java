package dev.quicksilver.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One update to publish (draft-08 "Publication"): its topics (the first is canonical, the others
 * alternates), data, and the optional fields. Seed-era hubs also read {@code target} labels
 * (docs/protocol-eras.md). Immutable; built with {@link #builder} or {@link #of}.
 *
 * <p>What a hub would refuse with a 400 is refused here with an {@link IllegalArgumentException},
 * so a mistake shows at the line that made it.
 */
public final class Update {
    private final List<String> topics;
    private final String data;
    private final boolean privateUpdate;
    private final String id;
    private final String type;
    private final Long retry;
    private final List<String> targets;

    private Update(Builder b) {
        this.topics = List.copyOf(b.topics);
        this.data = b.data;
        this.privateUpdate = b.privateUpdate;
        this.id = b.id;
        this.type = b.type;
        this.retry = b.retry;
        this.targets = List.copyOf(b.targets);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("An update needs at least one topic.");
        }
        for (String t : topics) {
            requireNoControl("topic", t);
            if (t.isEmpty()) {
                throw new IllegalArgumentException("A topic must not be empty.");
            }
        }
        if (id != null) {
            requireNoControl("id", id);
            if (id.isEmpty() || id.startsWith("#")) {
                throw new IllegalArgumentException("An id must be non-empty and must not start with '#': " + id);
            }
        }
        if (type != null) {
            requireNoControl("type", type);
        }
        if (retry != null && retry < 0) {
            throw new IllegalArgumentException("retry must be zero or more milliseconds: " + retry);
        }
        for (String t : targets) {
            requireNoControl("target", t);
        }
        if (privateUpdate && !targets.isEmpty()) {
            // private (0.x) and targeted (seed era) updates are read by different token dialects;
            // a hub refuses the mix, so refuse it before it leaves.
            throw new IllegalArgumentException("An update is either private (0.x) or targeted (seed era), not both.");
        }
    }

    /** A public update of this data on these topics. */
    public static Update of(String data, String... topics) {
        return builder().topics(topics).data(data).build();
    }

    /** A private update of this data on these topics. */
    public static Update privateOf(String data, String... topics) {
        return builder().topics(topics).data(data).privateUpdate(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> topics() {
        return topics;
    }

    public String data() {
        return data;
    }

    public boolean isPrivate() {
        return privateUpdate;
    }

    /** The id, or null when the hub (or {@link MercureHub}) chooses it. */
    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public Long retry() {
        return retry;
    }

    public List<String> targets() {
        return targets;
    }

    /** This update with this id (the others fields unchanged). */
    public Update withId(String newId) {
        return toBuilder().id(newId).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder().data(data).privateUpdate(privateUpdate).id(id).type(type).retry(retry);
        b.topics.addAll(topics);
        b.targets.addAll(targets);
        return b;
    }

    private static void requireNoControl(String field, String value) {
        Objects.requireNonNull(value, field);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // CR, LF and NUL would split or end the SSE field the hub writes (WHATWG "Server-sent events").
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("A " + field + " must not contain control characters (CR, LF, NUL...): "
                        + value.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
            }
        }
    }

    @Override
    public String toString() {
        return "Update" + topics + (id == null ? "" : " id=" + id) + (privateUpdate ? " private" : "");
    }

    /** Builds an {@link Update}; {@link #build} validates. */
    public static final class Builder {
        private final List<String> topics = new ArrayList<>();
        private String data = "";
        private boolean privateUpdate;
        private String id;
        private String type;
        private Long retry;
        private final List<String> targets = new ArrayList<>();

        private Builder() {}

        /** Adds a topic; the first one added is the canonical topic. */
        public Builder topic(String topic) {
            topics.add(Objects.requireNonNull(topic, "topic"));
            return this;
        }

        public Builder topics(String... more) {
            for (String t : more) {
                topic(t);
            }
            return this;
        }

        public Builder data(String value) {
            data = value == null ? "" : value;
            return this;
        }

        public Builder privateUpdate(boolean value) {
            privateUpdate = value;
            return this;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder type(String value) {
            type = value;
            return this;
        }

        public Builder retry(Long millis) {
            retry = millis;
            return this;
        }

        /** Adds a seed-era target label: only subscribers whose token lists it receive the update. */
        public Builder target(String label) {
            targets.add(Objects.requireNonNull(label, "target"));
            return this;
        }

        public Update build() {
            return new Update(this);
        }
    }
}
