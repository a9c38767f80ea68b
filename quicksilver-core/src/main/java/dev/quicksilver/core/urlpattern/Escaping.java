package dev.quicksilver.core.urlpattern;

/** The standard's two escaping algorithms (§2.2, §2.3), plus literal escaping for re2j. */
final class Escaping {
    private static final String REGEXP_SPECIALS = ".+*?^${}()[]|/\\";
    private static final String PATTERN_SPECIALS = "+*?:{}()\\";

    private Escaping() {}

    /** "escape a regexp string": ECMAScript syntax characters get a backslash */
    static String regexpString(String input) {
        return escape(input, REGEXP_SPECIALS);
    }

    /** "escape a pattern string": pattern syntax characters get a backslash */
    static String patternString(String input) {
        return escape(input, PATTERN_SPECIALS);
    }

    private static String escape(String input, String specials) {
        StringBuilder result = new StringBuilder(input.length() + 4);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (specials.indexOf(c) >= 0) {
                result.append('\\');
            }
            result.append(c);
        }
        return result.toString();
    }

    /**
     * input as a re2j literal. Letters and digits stay; ASCII punctuation gets a backslash (RE2
     * reads any escaped punctuation literally); everything else becomes {@code \x{...}}, which
     * is immune to flags and to re2j's handling of whitespace and non-ASCII.
     */
    static String re2Literal(String input) {
        StringBuilder out = new StringBuilder(input.length() + 8);
        input.codePoints().forEach(cp -> appendRe2Literal(cp, out));
        return out.toString();
    }

    static void appendRe2Literal(int cp, StringBuilder out) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
            out.append((char) cp);
        } else if (cp > 0x20 && cp < 0x7F) {
            out.append('\\').append((char) cp);
        } else {
            out.append("\\x{").append(Integer.toHexString(cp)).append('}');
        }
    }
}
