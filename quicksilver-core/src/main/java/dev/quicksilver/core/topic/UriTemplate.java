package dev.quicksilver.core.topic;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * An RFC 6570 URI Template compiled to a linear-time (re2j) regular expression for matching topics.
 * Immutable, thread-safe.
 *
 * <p>Parsing and the regular expression follow {@code github.com/yosida95/uritemplate} v3.0.2
 * ({@code New} then {@code Template.Regexp}), because that is what the Go hub matched 0.x topic
 * selectors with: clients depend on its quirks, not on the RFC's intent. So prefixes ({@code :n})
 * are ignored, named operators do not check variable names, every expression may match the empty
 * string, and an exploded variable allows any number of values.
 */
public final class UriTemplate {
    /**
     * Templates come from subscribers, and re2j is less forgiving than Go: while matching it
     * recurses once per empty-matching group in a row (10,000 adjacent {@code {a}} overflow the
     * stack), and its parser copies the rest of the pattern at every group and class. Bounding the
     * variables bounds both, the program size that matching time grows with, and keeps counted
     * repeats under RE2's limit of 1000. The Go library has no limit; real selectors use a handful.
     * Template length is the caller's to limit.
     */
    public static final int MAX_VARIABLES = 128;

    private static final String UNRESERVED_CHARS = "A-Za-z0-9\\-._~";
    private static final String RESERVED_CHARS = ":/?#\\[\\]@!$&'()*+,;=";
    private static final String PCT_ENCODED = "%[0-9A-Fa-f]{2}";

    private final String text;
    private final String regex;
    private final Pattern pattern;
    /** The literal text before the first expression and after the last: every match starts and ends with them. */
    private final String prefix;
    private final String suffix;

    private final int variables;

    private UriTemplate(String text, String regex, Pattern pattern, int variables) {
        this.text = text;
        this.regex = regex;
        this.pattern = pattern;
        this.variables = variables;
        int open = text.indexOf('{');
        this.prefix = open < 0 ? text : text.substring(0, open);
        this.suffix = open < 0 ? "" : text.substring(text.lastIndexOf('}') + 1);
    }

    /**
     * @return the compiled template, or {@code Optional.empty()} when text is not a valid template
     *     or has more than {@link #MAX_VARIABLES} variables (the caller then falls back to exact
     *     comparison). Never throws for any input.
     */
    public static Optional<UriTemplate> parse(String text) {
        try {
            return parse(text, MAX_VARIABLES);
        } catch (MatchLimitException e) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #parse(String)}, but a template with more than {@code maxVariables} variables (at
     * most {@link #MAX_VARIABLES}) is refused rather than taken for a literal topic: a subscriber
     * who sent it would otherwise never receive anything, and never learn why.
     *
     * @throws MatchLimitException when the template has too many variables
     */
    public static Optional<UriTemplate> parse(String text, int maxVariables) {
        if (text == null) {
            return Optional.empty();
        }
        int limit = Math.min(maxVariables, MAX_VARIABLES);
        Compiler compiler = new Compiler(text, limit);
        String regex = compiler.compile();
        if (compiler.variables > limit) {
            throw MatchLimitException.variables(limit);
        }
        if (regex == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UriTemplate(text, regex, Pattern.compile(regex), compiler.variables));
        } catch (PatternSyntaxException e) {
            // The compiler only emits valid syntax; this keeps hostile input from ever surfacing
            // as an exception should re2j disagree.
            return Optional.empty();
        }
    }

    /** The number of variables in the template's expressions. */
    public int variables() {
        return variables;
    }

    /**
     * The size of the compiled expression in re2j instructions: matching a topic costs at most this
     * many steps per character, and the compiled template's memory grows with it.
     */
    public int programSize() {
        return pattern.programSize();
    }

    /** true when the whole topic matches. */
    public boolean matches(String topic) {
        // Full match, and the pattern ends in \z: a final newline is never ignored.
        return mayMatch(topic) && pattern.matches(topic);
    }

    /**
     * False when the topic cannot match: it does not begin with the template's literal text before
     * its first expression, or does not end with the literal text after its last. Literals match
     * only themselves (the compiled pattern quotes them), so this needs no regular expression: with
     * many templates, most of them are ruled out for a topic at the cost of two comparisons.
     */
    public boolean mayMatch(String topic) {
        return topic.length() >= prefix.length() + suffix.length() && topic.startsWith(prefix)
                && topic.endsWith(suffix);
    }

    public String text() {
        return text;
    }

    /** the regular expression, for diagnostics and tests */
    public String regex() {
        return regex;
    }

    @Override
    public String toString() {
        return text;
    }

    private enum Operator {
        SIMPLE("", ",", false, false),
        RESERVED("", ",", false, true),
        FRAGMENT("#", ",", false, true),
        LABEL(".", ".", false, false),
        PATH("/", "/", false, false),
        PARAMETER(";", ";", true, false),
        QUERY("?", "&", true, false),
        CONTINUATION("&", "&", true, false);

        final String first;
        final String separator;
        final boolean named;
        final boolean allowsReserved;

        Operator(String first, String separator, boolean named, boolean allowsReserved) {
            this.first = Pattern.quote(first);
            this.separator = Pattern.quote(separator);
            this.named = named;
            this.allowsReserved = allowsReserved;
        }

        /** @return the operator; SIMPLE when c is none (c then starts the name); null if op-reserved */
        static Operator of(char c) {
            return switch (c) {
                case '+' -> RESERVED;
                case '#' -> FRAGMENT;
                case '.' -> LABEL;
                case '/' -> PATH;
                case ';' -> PARAMETER;
                case '?' -> QUERY;
                case '&' -> CONTINUATION;
                case '=', ',', '!', '@', '|' -> null;
                default -> SIMPLE;
            };
        }

        /** One value: the library lets '=' in for named operators and exploded lists (k=v pairs). */
        String value(boolean withEquals) {
            String chars = allowsReserved
                    ? UNRESERVED_CHARS + RESERVED_CHARS
                    : UNRESERVED_CHARS + (withEquals ? ",=" : ",");
            return "(?:[" + chars + "]|" + PCT_ENCODED + ")*";
        }
    }

    /** A single pass over the template that emits the regex, or gives up with null. */
    private static final class Compiler {
        private final String s;
        private final StringBuilder re = new StringBuilder("\\A");
        private int pos;
        private final int maxVariables;
        private int variables;

        Compiler(String s, int maxVariables) {
            this.s = s;
            this.maxVariables = maxVariables;
        }

        String compile() {
            while (pos < s.length()) {
                boolean ok = s.charAt(pos) == '{' ? expression() : literals();
                if (!ok) {
                    return null;
                }
            }
            return re.append("\\z").toString();
        }

        private boolean literals() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != '{') {
                if (s.charAt(pos) == '%') {
                    if (!triplet()) {
                        return false;
                    }
                    continue;
                }
                int c = s.codePointAt(pos);
                if (!isLiteral(c)) {
                    return false;
                }
                pos += Character.charCount(c);
            }
            // \Q...\E rather than escaping each character: re2j's parser does work proportional to
            // the rest of the pattern for every backslash. No \E can hide inside: '\' is no literal.
            re.append("\\Q").append(s, start, pos).append("\\E");
            return true;
        }

        private boolean expression() {
            pos++;
            if (pos >= s.length()) {
                return false;
            }
            Operator op = Operator.of(s.charAt(pos));
            if (op == null) {
                return false;
            }
            if (op != Operator.SIMPLE) {
                pos++;
            }
            int count = 0;
            boolean firstExplodes = false;
            boolean anyExplodes = false;
            while (true) {
                if (!varname() || ++variables > maxVariables) {
                    return false;
                }
                boolean explode = at('*');
                if (explode) {
                    pos++;
                } else if (at(':')) {
                    pos++;
                    if (!prefix()) {
                        return false;
                    }
                }
                // The library lets '=' into the first value only if the first variable explodes.
                firstExplodes |= count == 0 && explode;
                anyExplodes |= explode;
                count++;
                if (at('}')) {
                    pos++;
                    break;
                }
                if (!at(',')) {
                    return false;
                }
                pos++;
            }
            // The whole group is optional: the library lets every expression match nothing. Each
            // further variable allows one more separated value; an explode allows any number.
            re.append("(?:").append(op.first).append(op.value(op.named || firstExplodes));
            if (count > 1 || firstExplodes) {
                re.append("(?:").append(op.separator).append(op.value(op.named || anyExplodes)).append(')');
                re.append(anyExplodes ? "*" : "{0," + (count - 1) + "}");
            }
            re.append(")?");
            return true;
        }

        /** varname = varchar *( ["."] varchar ); varchar = ALPHA / DIGIT / "_" / pct-encoded */
        private boolean varname() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '%') {
                    if (!triplet()) {
                        return false;
                    }
                } else if (isVarchar(c) || (c == '.' && pos > start && s.charAt(pos - 1) != '.')) {
                    pos++;
                } else {
                    break;
                }
            }
            return pos > start && s.charAt(pos - 1) != '.';
        }

        /** The length is parsed only to be validated: the library ignores it when matching. */
        private boolean prefix() {
            int length = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                length = length * 10 + (s.charAt(pos++) - '0');
                // Checked per digit, as the library does: rejects a leading 0 and cannot overflow.
                if (length == 0 || length > 9999) {
                    return false;
                }
            }
            return length > 0;
        }

        private boolean triplet() {
            if (pos + 2 < s.length() && isHex(s.charAt(pos + 1)) && isHex(s.charAt(pos + 2))) {
                pos += 3;
                return true;
            }
            return false;
        }

        private boolean at(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }
    }

    /** RFC 6570 literals with errata 6937 ('\'' allowed), as the library accepts them; not '%' or '{'. */
    private static boolean isLiteral(int c) {
        if (c < 0x80) {
            return c > 0x20 && c < 0x7F && "\"%<>\\^`{|}".indexOf(c) < 0;
        }
        // ucschar and iprivate. Lone surrogates fall outside, as invalid UTF-8 does for the library.
        return (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFDCF)
                || (c >= 0xFDF0 && c <= 0xFFEF)
                || (c >= 0x10000 && (c & 0xFFFE) != 0xFFFE && (c < 0xE0000 || c > 0xE0FFF));
    }

    private static boolean isVarchar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
