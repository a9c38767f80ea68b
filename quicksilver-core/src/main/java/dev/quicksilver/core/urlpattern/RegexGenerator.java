package dev.quicksilver.core.urlpattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * "Generate a regular expression and name list" (§2.2), emitting re2j syntax instead of
 * ECMAScript: the shapes are the standard's, one capturing group per part that has a name, in
 * order, and nothing else captures (custom regexps are translated with their groups made
 * non-capturing), so group i belongs to name i-1 exactly as the standard's exec result does.
 * The result is matched against the whole input, which is what the standard's "^...$" does.
 */
final class RegexGenerator {
    /** the standard's "full wildcard regexp value" (ECMAScript source) */
    static final String FULL_WILDCARD_REGEXP_VALUE = ".*";
    /** what "." means in ECMAScript without the s flag: anything but a line terminator */
    static final String RE2_DOT = "[^\\n\\r\\x{2028}\\x{2029}]";

    final String regex;
    final List<String> names;
    /**
     * per group: true for "(X)?", whose empty match ECMAScript reports as undefined. Its
     * quantifiers reject an iteration that consumes nothing, so the group is skipped instead;
     * RE2 keeps the empty iteration. The overall match is the same either way.
     */
    final boolean[] emptyIsUndefined;

    private RegexGenerator(String regex, List<String> names, boolean[] emptyIsUndefined) {
        this.regex = regex;
        this.names = names;
        this.emptyIsUndefined = emptyIsUndefined;
    }

    static RegexGenerator generate(List<Part> parts, ComponentOptions options) {
        StringBuilder result = new StringBuilder();
        if (options.ignoreCase) {
            result.append("(?i)");
        }
        List<String> names = new ArrayList<>();
        boolean[] emptyIsUndefined = new boolean[parts.size()];
        EcmaRegexTranslator translator = new EcmaRegexTranslator(options.ignoreCase);
        for (Part part : parts) {
            if (part.type == Part.Type.FIXED_TEXT) {
                if (part.modifier == Part.Modifier.NONE) {
                    result.append(Escaping.re2Literal(part.value));
                } else {
                    result.append("(?:").append(Escaping.re2Literal(part.value)).append(')')
                            .append(part.modifier.text);
                }
                continue;
            }
            emptyIsUndefined[names.size()] = part.prefix.isEmpty() && part.suffix.isEmpty()
                    && part.modifier == Part.Modifier.OPTIONAL;
            names.add(part.name);
            // Translated once per occurrence, as ECMAScript would compile each copy (so a named
            // group inside a repeated part is a duplicate, as it is there).
            String regexpValue = regexpValue(part, options, translator);
            String prefix = Escaping.re2Literal(part.prefix);
            String suffix = Escaping.re2Literal(part.suffix);
            if (part.prefix.isEmpty() && part.suffix.isEmpty()) {
                if (!part.modifier.repeats()) {
                    result.append('(').append(regexpValue).append(')').append(part.modifier.text);
                } else {
                    result.append("((?:").append(regexpValue).append(')').append(part.modifier.text).append(')');
                }
            } else if (!part.modifier.repeats()) {
                result.append("(?:").append(prefix).append('(').append(regexpValue).append(')').append(suffix)
                        .append(')').append(part.modifier.text);
            } else {
                // The first value without the prefix, the others with suffix and prefix between.
                result.append("(?:").append(prefix).append("((?:").append(regexpValue).append(")(?:")
                        .append(suffix).append(prefix).append("(?:").append(regexpValue(part, options, translator))
                        .append("))*)")
                        .append(suffix).append(')');
                if (part.modifier == Part.Modifier.ZERO_OR_MORE) {
                    result.append('?');
                }
            }
        }
        return new RegexGenerator(result.toString(), List.copyOf(names),
                Arrays.copyOf(emptyIsUndefined, names.size()));
    }

    private static String regexpValue(Part part, ComponentOptions options, EcmaRegexTranslator translator) {
        switch (part.type) {
            case SEGMENT_WILDCARD:
                // "[^<delimiter>]+?"; with no delimiter ECMAScript's "[^]" means any code point.
                return options.delimiter.isEmpty()
                        ? "[\\x{0}-\\x{10FFFF}]+?"
                        : "[^" + Escaping.re2Literal(options.delimiter) + "]+?";
            case FULL_WILDCARD:
                return RE2_DOT + "*";
            default:
                return translator.translate(part.value);
        }
    }
}
