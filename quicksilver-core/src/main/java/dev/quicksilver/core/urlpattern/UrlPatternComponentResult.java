package dev.quicksilver.core.urlpattern;

import java.util.Map;

/**
 * What one component of a URL made of a pattern: the component's canonical input, and the group
 * values by name, in pattern order. Unnamed groups ({@code *}, {@code (...)}) are named "0",
 * "1", ...; a group that did not take part in the match (an optional one) maps to null.
 */
public final class UrlPatternComponentResult {
    private final String input;
    private final Map<String, String> groups;

    UrlPatternComponentResult(String input, Map<String, String> groups) {
        this.input = input;
        this.groups = groups;
    }

    /** the component as matched, e.g. "/books/1" (percent-encoded, canonical) */
    public String input() {
        return input;
    }

    /** unmodifiable; values may be null */
    public Map<String, String> groups() {
        return groups;
    }

    @Override
    public String toString() {
        return "{input=" + input + ", groups=" + groups + "}";
    }
}
