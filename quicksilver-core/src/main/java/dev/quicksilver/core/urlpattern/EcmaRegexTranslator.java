package dev.quicksilver.core.urlpattern;

import java.util.HashSet;
import java.util.Set;

/**
 * Translates the custom regular expressions of a component ({@code :id(\d+)}) from ECMAScript
 * (v flag, as the standard compiles them) to re2j syntax, so they run in linear time.
 *
 * <p>Every construct is parsed and re-emitted rather than passed through, because the dialects
 * disagree on meanings that look alike: "." and \s differ, classes may use set operations,
 * {@code [^]} and lone braces have their own rules. Capturing groups become non-capturing (the
 * standard only reports one group per part). Syntax errors, and what re2j cannot do in linear
 * time (lookaround, backreferences), throw {@link UrlPatternException}. Supported beyond the
 * basics: {@code (?i:)}/{@code (?s:)} modifiers, {@code \p{...}} (see {@link UnicodeProperties}),
 * {@code \\u{...}}. Not supported: the m modifier, {@code \q{...}}, properties of strings.
 *
 * <p>One translator serves one component: named groups must be unique across it, and the
 * expanded size of all its expressions is bounded, since re2j neither limits nested counted
 * repetition ({@code ((a{1000}){1000}){1000}} exhausts the heap) nor deep nesting.
 */
final class EcmaRegexTranslator {
    /** re2j refuses larger counts anyway */
    private static final int MAX_REPEAT = 1000;
    /** program size (roughly, re2j instructions) allowed per component */
    static final long MAX_SIZE = 4096;
    private static final int MAX_GROUP_NESTING = 32;

    private final boolean componentIgnoreCase;
    private final Set<String> groupNames = new HashSet<>();
    private long totalSize;

    private RegexReader reader;
    private ClassSetParser classes;
    private boolean ignoreCase;
    private boolean dotAll;
    private int nesting;

    EcmaRegexTranslator(boolean ignoreCase) {
        this.componentIgnoreCase = ignoreCase;
    }

    /** source as re2j syntax, to be placed inside a group */
    String translate(String source) {
        reader = new RegexReader(source);
        ignoreCase = componentIgnoreCase;
        dotAll = false;
        nesting = 0;
        classes = new ClassSetParser(reader, ignoreCase);
        StringBuilder out = new StringBuilder(source.length() * 2);
        long size = disjunction(out);
        if (!reader.atEnd()) {
            throw UrlPatternException.invalid(); // a ")" without "("
        }
        totalSize += size;
        if (totalSize > MAX_SIZE) {
            throw UrlPatternException.invalid();
        }
        return out.toString();
    }

    private long disjunction(StringBuilder out) {
        long size = alternative(out);
        while (reader.eat('|')) {
            out.append('|');
            size += alternative(out) + 1;
        }
        return size;
    }

    private long alternative(StringBuilder out) {
        long size = 0;
        while (!reader.atEnd() && reader.peek() != '|' && reader.peek() != ')') {
            size += term(out);
            if (size > MAX_SIZE) {
                throw UrlPatternException.invalid();
            }
        }
        return size;
    }

    private long term(StringBuilder out) {
        int c = reader.peek();
        if (c == '^' || c == '$') {
            reader.next();
            out.append((char) c); // without the m flag both anchor to the input's ends, in both
            return assertion();
        }
        if (c == '\\' && (reader.peek(1) == 'b' || reader.peek(1) == 'B')) {
            reader.skip(2);
            out.append('\\').append((char) reader.peek(-1));
            return assertion();
        }
        if (reader.startsWith("(?=") || reader.startsWith("(?!") || reader.startsWith("(?<=")
                || reader.startsWith("(?<!")) {
            throw UrlPatternException.invalid(); // lookaround: not linear time
        }
        StringBuilder atom = new StringBuilder();
        long size = atom(atom);
        return quantified(atom, size, out);
    }

    /** assertions cannot be quantified with the u or v flag */
    private long assertion() {
        int next = reader.peek();
        if (next == '*' || next == '+' || next == '?' || next == '{') {
            throw UrlPatternException.invalid();
        }
        return 1;
    }

    private long atom(StringBuilder out) {
        int c = reader.next();
        switch (c) {
            case '.':
                out.append(dotAll ? "(?s:.)" : RegexGenerator.RE2_DOT);
                return 1;
            case '(':
                return group(out);
            case '[': {
                ClassAtom atom = classes.parseClass();
                out.append(atom.toRe2());
                return atom.cost();
            }
            case '\\':
                return atomEscape(out);
            case '*':
            case '+':
            case '?':
            case '{':
            case '}':
            case ']':
            case ')':
                throw UrlPatternException.invalid(); // nothing to repeat, or a lone bracket
            default:
                Escaping.appendRe2Literal(c, out);
                return 1;
        }
    }

    private long atomEscape(StringBuilder out) {
        int e = reader.next();
        if ("dDsSwWpP".indexOf(e) >= 0) {
            ClassAtom atom = ClassSetParser.escapeClass(e, reader, ignoreCase);
            out.append(atom.toRe2());
            return atom.cost();
        }
        if (e == 'k' || (e >= '1' && e <= '9')) {
            throw UrlPatternException.invalid(); // backreferences: not linear time
        }
        int codePoint = e == '0' ? reader.nulEscape() : reader.characterEscape(e);
        Escaping.appendRe2Literal(codePoint, out);
        return 1;
    }

    /** after "(": any group, emitted non-capturing, with modifiers applied */
    private long group(StringBuilder out) {
        if (++nesting > MAX_GROUP_NESTING) {
            throw UrlPatternException.invalid();
        }
        boolean savedIgnoreCase = ignoreCase;
        boolean savedDotAll = dotAll;
        String open = "(?:";
        if (reader.eat('?')) {
            if (reader.eat('<')) {
                String name = groupName();
                if (!groupNames.add(name)) {
                    throw UrlPatternException.invalid(); // duplicate group name
                }
            } else if (!reader.eat(':')) {
                open = modifiers();
            }
        }
        out.append(open);
        long size = disjunction(out);
        reader.expect(')');
        out.append(')');
        ignoreCase = savedIgnoreCase;
        dotAll = savedDotAll;
        nesting--;
        return size + 1;
    }

    /** "(?<name>": an ECMAScript identifier up to ">" */
    private String groupName() {
        StringBuilder name = new StringBuilder();
        while (!reader.eat('>')) {
            int c = reader.next();
            if (!Identifiers.isValidNameCodePoint(c, name.length() == 0)) {
                throw UrlPatternException.invalid();
            }
            name.appendCodePoint(c);
        }
        if (name.length() == 0) {
            throw UrlPatternException.invalid();
        }
        return name.toString();
    }

    /** "(?ims-ims:" (ES2025 modifiers), after "(?"; i and s are supported, m is not */
    private String modifiers() {
        Set<Integer> seen = new HashSet<>();
        boolean removing = false;
        while (!reader.eat(':')) {
            int c = reader.next();
            if (c == '-' && !removing) {
                removing = true;
                continue;
            }
            if ((c != 'i' && c != 's') || !seen.add(c)) {
                throw UrlPatternException.invalid(); // unknown, repeated, or m (no re2j equivalent)
            }
            if (c == 'i') {
                ignoreCase = !removing;
            } else {
                dotAll = !removing; // "." is emitted per flag state, so s needs no re2j flag
            }
        }
        if (seen.isEmpty()) {
            throw UrlPatternException.invalid();
        }
        if (!seen.contains((int) 'i')) {
            return "(?:";
        }
        return ignoreCase ? "(?i:" : "(?-i:";
    }

    /** appends atom with its quantifier, if any; returns the expanded size */
    private long quantified(StringBuilder atom, long size, StringBuilder out) {
        out.append(atom);
        int c = reader.peek();
        long expanded;
        if (c == '*' || c == '+' || c == '?') {
            reader.next();
            out.append((char) c);
            expanded = size + 1;
        } else if (c == '{') {
            reader.next();
            int min = reader.decimal();
            if (min < 0) {
                throw UrlPatternException.invalid(); // a lone "{" is an error with u or v
            }
            int max = min;
            if (reader.eat(',')) {
                max = reader.decimal(); // -1: unbounded
            }
            reader.expect('}');
            if ((max >= 0 && max < min) || min > MAX_REPEAT || max > MAX_REPEAT) {
                throw UrlPatternException.invalid();
            }
            out.append('{').append(min);
            if (max != min) {
                out.append(',');
                if (max >= 0) {
                    out.append(max);
                }
            }
            out.append('}');
            expanded = size * (Math.max(min, max) + 1L);
        } else {
            return size;
        }
        if (reader.eat('?')) {
            out.append('?');
        }
        if (expanded > MAX_SIZE) {
            throw UrlPatternException.invalid();
        }
        return expanded;
    }
}
