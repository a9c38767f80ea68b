package dev.quicksilver.core.topic;

import dev.quicksilver.core.urlpattern.UrlPattern;
import java.util.List;

/**
 * A topic selector: the value of a subscriber's {@code topic} parameter, or an entry of a token's
 * {@code mercure.publish} / {@code mercure.subscribe} claim. Immutable and thread-safe.
 */
public sealed interface TopicSelector
        permits TopicSelector.Wildcard, TopicSelector.Exact, TopicSelector.Template, TopicSelector.UrlPatternSelector {

    /** The selector as the client wrote it. */
    String text();

    boolean matches(String topic);

    /**
     * The compiled size in re2j instructions, what matching a topic costs per character at most: 0
     * for the selectors that need no regular expression.
     */
    default int programSize() {
        return 0;
    }

    /** The variables of a URI Template, the groups of a URL Pattern; 0 for the other selectors. */
    default int variables() {
        return 0;
    }

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
            // Ruled out by its literal ends first: most topics never reach the cache or the regex.
            return template.text().equals(topic) || (template.mayMatch(topic) && cache.matches(template, topic));
        }

        @Override
        public int programSize() {
            return template.programSize();
        }

        @Override
        public int variables() {
            return template.variables();
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

    /**
     * A WHATWG URL Pattern (1.0 {@code match_urlpattern}). The topic is parsed as a URL against the
     * hub's URL first, so relative topics and patterns meet on the hub's origin; a topic that does
     * not parse (such as {@code urn:...} against an https pattern) does not match.
     */
    final class UrlPatternSelector implements TopicSelector {
        private final String text;
        private final UrlPattern pattern;
        private final String base;
        private final MatchCache cache;

        UrlPatternSelector(String text, UrlPattern pattern, String base, MatchCache cache) {
            this.text = text;
            this.pattern = pattern;
            this.base = base;
            this.cache = cache;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean matches(String topic) {
            return cache.matches("urlp", text, topic, t -> pattern.test(t, base));
        }

        @Override
        public int programSize() {
            return pattern.programSize();
        }

        @Override
        public int variables() {
            return pattern.groupCount();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UrlPatternSelector p && p.text.equals(text) && p.base.equals(base);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "UrlPattern[" + text + "]";
        }
    }
}
