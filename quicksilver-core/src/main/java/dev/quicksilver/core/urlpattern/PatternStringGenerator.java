package dev.quicksilver.core.urlpattern;

import java.util.List;

/**
 * "Generate a pattern string" (§2.3): the normalized pattern a compiled component reports, e.g.
 * {@code /:id(\d+)} stays as is while {@code /(.*)} becomes {@code /*}.
 */
final class PatternStringGenerator {
    private PatternStringGenerator() {}

    static String generate(List<Part> parts, ComponentOptions options) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Part previous = i > 0 ? parts.get(i - 1) : null;
            Part next = i < parts.size() - 1 ? parts.get(i + 1) : null;
            if (part.type == Part.Type.FIXED_TEXT) {
                if (part.modifier == Part.Modifier.NONE) {
                    result.append(Escaping.patternString(part.value));
                } else {
                    result.append('{').append(Escaping.patternString(part.value)).append('}')
                            .append(part.modifier.text);
                }
                continue;
            }
            appendGroup(result, part, previous, next, options);
        }
        return result.toString();
    }

    private static void appendGroup(StringBuilder result, Part part, Part previous, Part next,
            ComponentOptions options) {
        boolean customName = !part.hasNumericName();
        boolean needsGrouping = !part.suffix.isEmpty()
                || (!part.prefix.isEmpty() && !part.prefix.equals(options.prefix));
        if (!needsGrouping && customName && part.type == Part.Type.SEGMENT_WILDCARD
                && part.modifier == Part.Modifier.NONE && next != null && next.prefix.isEmpty()
                && next.suffix.isEmpty()) {
            // ":foo" followed by text that could continue the name, or by an unnamed group
            if (next.type == Part.Type.FIXED_TEXT) {
                needsGrouping = !next.value.isEmpty()
                        && Identifiers.isValidNameCodePoint(next.value.codePointAt(0), false);
            } else {
                needsGrouping = next.hasNumericName();
            }
        }
        if (!needsGrouping && part.prefix.isEmpty() && previous != null
                && previous.type == Part.Type.FIXED_TEXT && !previous.value.isEmpty()
                && lastCodePointIs(previous.value, options.prefix)) {
            needsGrouping = true;
        }
        if (needsGrouping) {
            result.append('{');
        }
        result.append(Escaping.patternString(part.prefix));
        if (customName) {
            result.append(':').append(part.name);
        }
        if (part.type == Part.Type.REGEXP) {
            result.append('(').append(part.value).append(')');
        } else if (part.type == Part.Type.SEGMENT_WILDCARD && !customName) {
            result.append('(').append(options.segmentWildcardRegexp()).append(')');
        } else if (part.type == Part.Type.FULL_WILDCARD) {
            if (!customName && (previous == null || previous.type == Part.Type.FIXED_TEXT
                    || previous.modifier != Part.Modifier.NONE || needsGrouping || !part.prefix.isEmpty())) {
                result.append('*');
            } else {
                result.append('(').append(RegexGenerator.FULL_WILDCARD_REGEXP_VALUE).append(')');
            }
        }
        if (part.type == Part.Type.SEGMENT_WILDCARD && customName && !part.suffix.isEmpty()
                && Identifiers.isValidNameCodePoint(part.suffix.codePointAt(0), false)) {
            result.append('\\');
        }
        result.append(Escaping.patternString(part.suffix));
        if (needsGrouping) {
            result.append('}');
        }
        result.append(part.modifier.text);
    }

    private static boolean lastCodePointIs(String value, String codePoint) {
        return !codePoint.isEmpty() && value.codePointBefore(value.length()) == codePoint.codePointAt(0);
    }
}
