package dev.quicksilver.core.urlpattern;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.quicksilver.core.url.SpecialSchemes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled component (§1.3): its normalized pattern string, its re2j expression and group
 * names. Immutable, thread-safe.
 *
 * <p>The two most common shapes skip the regular expression engine when matching: "*" (the
 * default of every unspecified component) matches anything, and text without groups is compared
 * as a string (case-sensitive components only). Both give exactly what the expression would.
 */
final class Component {
    private static final String[] SPECIAL_SCHEMES = SpecialSchemes.all();

    private enum Shape {
        ANYTHING,
        LITERAL,
        REGEX
    }

    final String patternString;
    final boolean hasRegexpGroups;
    private final Shape shape;
    /** the literal text, for LITERAL */
    private final String literal;
    /** null unless REGEX */
    private final Pattern regex;
    private final List<String> names;
    /** see {@link RegexGenerator#emptyIsUndefined} */
    private final boolean[] emptyIsUndefined;

    private Component(String patternString, boolean hasRegexpGroups, Shape shape, String literal, Pattern regex,
            List<String> names, boolean[] emptyIsUndefined) {
        this.patternString = patternString;
        this.hasRegexpGroups = hasRegexpGroups;
        this.shape = shape;
        this.literal = literal;
        this.regex = regex;
        this.names = names;
        this.emptyIsUndefined = emptyIsUndefined;
    }

    /** "compile a component" */
    static Component compile(String input, EncodingCallback encodingCallback, ComponentOptions options) {
        return compile(input, encodingCallback, options, Integer.MAX_VALUE);
    }

    /**
     * "compile a component", refusing one whose regular expression would have more than maxGroups
     * groups before it is compiled: re2j's compilation and memory grow with the groups.
     */
    static Component compile(String input, EncodingCallback encodingCallback, ComponentOptions options,
            int maxGroups) {
        List<Part> parts = PatternParser.parse(input, options, encodingCallback);
        String patternString = PatternStringGenerator.generate(parts, options);
        boolean hasRegexpGroups = parts.stream().anyMatch(p -> p.type == Part.Type.REGEXP);
        if (isAnything(parts)) {
            return new Component(patternString, false, Shape.ANYTHING, null, null, List.of(parts.get(0).name),
                    new boolean[1]);
        }
        if (!options.ignoreCase && parts.stream().allMatch(p -> p.type == Part.Type.FIXED_TEXT
                && p.modifier == Part.Modifier.NONE)) {
            StringBuilder text = new StringBuilder();
            parts.forEach(p -> text.append(p.value));
            return new Component(patternString, false, Shape.LITERAL, text.toString(), null, List.of(),
                    new boolean[0]);
        }
        long groups = parts.stream().filter(p -> p.type != Part.Type.FIXED_TEXT).count();
        if (groups > maxGroups) {
            throw new UrlPatternException.TooComplex();
        }
        RegexGenerator generated = RegexGenerator.generate(parts, options);
        Pattern regex;
        try {
            regex = Pattern.compile(generated.regex);
        } catch (PatternSyntaxException | IllegalArgumentException e) {
            throw UrlPatternException.invalid();
        }
        return new Component(patternString, hasRegexpGroups, Shape.REGEX, null, regex, generated.names,
                generated.emptyIsUndefined);
    }

    /** a lone unmodified "*" (or "(.*)", or ":name(.*)") */
    private static boolean isAnything(List<Part> parts) {
        if (parts.size() != 1) {
            return false;
        }
        Part part = parts.get(0);
        return part.type == Part.Type.FULL_WILDCARD && part.modifier == Part.Modifier.NONE && part.prefix.isEmpty()
                && part.suffix.isEmpty();
    }

    /** the groups of the compiled expression: none when the component needs no regular expression */
    int groupCount() {
        return shape == Shape.REGEX ? names.size() : 0;
    }

    /** re2j instructions of the compiled expression, 0 when the component needs none */
    int programSize() {
        return shape == Shape.REGEX ? regex.programSize() : 0;
    }

    boolean matches(String input) {
        switch (shape) {
            case ANYTHING:
                return isFullWildcardMatch(input);
            case LITERAL:
                return literal.equals(input);
            default:
                return regex.matches(input);
        }
    }

    /**
     * the groups of a match, in pattern order, null for a group that did not participate; null
     * when input does not match
     */
    Map<String, String> exec(String input) {
        switch (shape) {
            case ANYTHING:
                return isFullWildcardMatch(input) ? Map.of(names.get(0), input) : null;
            case LITERAL:
                return literal.equals(input) ? Map.of() : null;
            default:
                Matcher m = regex.matcher(input);
                if (!m.matches()) {
                    return null;
                }
                Map<String, String> groups = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    String value = m.group(i + 1);
                    groups.put(names.get(i), emptyIsUndefined[i] && "".equals(value) ? null : value);
                }
                return Collections.unmodifiableMap(groups);
        }
    }

    /** "*" compiles to ".*", which (without the s flag) stops at line terminators */
    private static boolean isFullWildcardMatch(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** true when some special scheme matches: decides pathname rules and authority parsing */
    boolean matchesSpecialScheme() {
        for (String scheme : SPECIAL_SCHEMES) {
            if (matches(scheme)) {
                return true;
            }
        }
        return false;
    }
}
