package dev.quicksilver.core.urlpattern;

/**
 * The standard's "options" (§2.1.4): the delimiter that ":name" stops at, the prefix that an
 * optional or repeated group takes along, and case-insensitivity.
 */
final class ComponentOptions {
    static final ComponentOptions DEFAULT = new ComponentOptions("", "", false);
    static final ComponentOptions HOSTNAME = new ComponentOptions(".", "", false);
    static final ComponentOptions PATHNAME = new ComponentOptions("/", "/", false);

    /** "" or one ASCII code point */
    final String delimiter;
    /** "" or one ASCII code point */
    final String prefix;
    final boolean ignoreCase;

    private ComponentOptions(String delimiter, String prefix, boolean ignoreCase) {
        this.delimiter = delimiter;
        this.prefix = prefix;
        this.ignoreCase = ignoreCase;
    }

    ComponentOptions withIgnoreCase(boolean value) {
        return new ComponentOptions(delimiter, prefix, value);
    }

    /** the ECMAScript "segment wildcard regexp", as it appears in pattern strings */
    String segmentWildcardRegexp() {
        return "[^" + Escaping.regexpString(delimiter) + "]+?";
    }
}
