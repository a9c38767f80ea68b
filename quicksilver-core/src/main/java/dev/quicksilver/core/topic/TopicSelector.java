package dev.quicksilver.core.topic;

import java.util.List;

/**
 * A topic selector: the value of a subscriber's {@code topic} parameter, or an entry of a token's
 * {@code mercure.publish} / {@code mercure.subscribe} claim. Immutable and thread-safe.
 */
public sealed interface TopicSelector permits TopicSelector.Wildcard, TopicSelector.Exact, TopicSelector.Template {

    /** The selector as the client wrote it. */
    String text();

    boolean matches(String topic);

    /** True when the selector matches at least one of the topics (a canonical topic or an alternate). */
    default boolean matchesAny(List<String> topics) {
        for (String topic : topics) {
            if (matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** {@code *}: every topic. */
    enum Wildcard implements TopicSelector {
        INSTANCE;

        @Override
        public String text() {
            return "*";
        }

        @Override
        public boolean matches(String topic) {
            return true;
        }
    }

    /** A topic compared byte for byte: no case, percent or Unicode normalization. */
    record Exact(String text) implements TopicSelector {
        @Override
        public boolean matches(String topic) {
            return text.equals(topic);
        }
    }

    /**
     * A URI Template. As in 0.x, the literal text is tried before the template, so the selector
     * {@code https://e/{id}} also matches the topic {@code https://e/{id}}.
     */
    final class Template implements TopicSelector {
        private final UriTemplate template;
        private final MatchCache cache;

        Template(UriTemplate template, MatchCache cache) {
            this.template = template;
            this.cache = cache;
        }

        @Override
        public String text() {
            return template.text();
        }

        @Override
        public boolean matches(String topic) {
            return template.text().equals(topic) || cache.matches(template, topic);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Template t && t.text().equals(text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return "Template[" + text() + "]";
        }
    }
}
