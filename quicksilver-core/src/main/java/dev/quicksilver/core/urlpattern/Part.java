package dev.quicksilver.core.urlpattern;

/**
 * One piece of a parsed pattern string (§2.1.3): fixed text, or one matching group with its
 * prefix, suffix and modifier.
 */
final class Part {
    enum Type {
        FIXED_TEXT,
        /** a group with a custom regular expression, as in ":id(\\d+)" */
        REGEXP,
        /** ":name": up to the next delimiter */
        SEGMENT_WILDCARD,
        /** "*": anything */
        FULL_WILDCARD
    }

    enum Modifier {
        NONE(""),
        OPTIONAL("?"),
        ZERO_OR_MORE("*"),
        ONE_OR_MORE("+");

        /** the modifier as written, the same in pattern strings and regular expressions */
        final String text;

        Modifier(String text) {
            this.text = text;
        }

        boolean repeats() {
            return this == ZERO_OR_MORE || this == ONE_OR_MORE;
        }
    }

    final Type type;
    /** the fixed text, or the custom regular expression ("" for wildcards) */
    final String value;
    final Modifier modifier;
    /** the group name ("" for fixed text); numeric for unnamed groups */
    final String name;
    final String prefix;
    final String suffix;

    Part(Type type, String value, Modifier modifier, String name, String prefix, String suffix) {
        this.type = type;
        this.value = value;
        this.modifier = modifier;
        this.name = name;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    static Part fixed(String value, Modifier modifier) {
        return new Part(Type.FIXED_TEXT, value, modifier, "", "", "");
    }

    /** true when the name was generated ("0", "1", ...) rather than written as ":name" */
    boolean hasNumericName() {
        return !name.isEmpty() && name.charAt(0) >= '0' && name.charAt(0) <= '9';
    }
}
