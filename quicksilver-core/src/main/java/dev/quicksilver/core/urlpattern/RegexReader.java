package dev.quicksilver.core.urlpattern;

/**
 * A cursor over the code points of an ECMAScript regular expression, with the escapes that
 * atoms and character classes share (u/v-flag grammar: no Annex B leniency).
 */
final class RegexReader {
    static final int EOF = -1;
    /** ECMAScript SyntaxCharacter plus "/": the only identity escapes allowed with u or v */
    private static final String IDENTITY_ESCAPES = "^$\\.*+?()[]{}|/";

    private final int[] source;
    private int pos;

    RegexReader(String source) {
        this.source = source.codePoints().toArray();
    }

    boolean atEnd() {
        return pos >= source.length;
    }

    int peek() {
        return peek(0);
    }

    int peek(int offset) {
        int i = pos + offset;
        return i >= 0 && i < source.length ? source[i] : EOF;
    }

    int next() {
        if (atEnd()) {
            throw UrlPatternException.invalid();
        }
        return source[pos++];
    }

    boolean eat(int codePoint) {
        if (peek() == codePoint) {
            pos++;
            return true;
        }
        return false;
    }

    boolean startsWith(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (peek(i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    void skip(int count) {
        pos += count;
    }

    void expect(int codePoint) {
        if (!eat(codePoint)) {
            throw UrlPatternException.invalid();
        }
    }

    /**
     * The code point of a CharacterEscape whose letter e (after the backslash) was just read:
     * control escapes, \cX, \xHH, \\u forms and identity escapes. ("\0" is the caller's: its
     * meaning depends on what follows.)
     */
    int characterEscape(int e) {
        switch (e) {
            case 'f':
                return 0x0C;
            case 'n':
                return 0x0A;
            case 'r':
                return 0x0D;
            case 't':
                return 0x09;
            case 'v':
                return 0x0B;
            case 'c': {
                int letter = next();
                if (!((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z'))) {
                    throw UrlPatternException.invalid();
                }
                return letter % 32;
            }
            case 'x':
                return hex(2);
            case 'u':
                return unicodeEscape();
            default:
                if (e >= 0 && IDENTITY_ESCAPES.indexOf(e) >= 0) {
                    return e;
                }
                throw UrlPatternException.invalid();
        }
    }

    /** "\0", not followed by a digit (that would be a legacy octal escape, an error with u/v) */
    int nulEscape() {
        if (peek() >= '0' && peek() <= '9') {
            throw UrlPatternException.invalid();
        }
        return 0;
    }

    /** after "\\u": "{hex}" up to 10FFFF, or four hex digits, joining an escaped surrogate pair */
    private int unicodeEscape() {
        if (eat('{')) {
            int value = 0;
            int digits = 0;
            while (peek() != '}') {
                int d = hexDigit(next());
                value = value * 16 + d;
                digits++;
                if (value > CodePointSet.MAX) {
                    throw UrlPatternException.invalid();
                }
            }
            pos++;
            if (digits == 0) {
                throw UrlPatternException.invalid();
            }
            return value;
        }
        int value = hex(4);
        if (Character.isHighSurrogate((char) value) && startsWith("\\u")) {
            int save = pos;
            pos += 2;
            try {
                int low = hex(4);
                if (Character.isLowSurrogate((char) low)) {
                    return Character.toCodePoint((char) value, (char) low);
                }
            } catch (UrlPatternException e) {
                // not a pair: the second escape is read on its own
            }
            pos = save;
        }
        return value;
    }

    private int hex(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = value * 16 + hexDigit(next());
        }
        return value;
    }

    private static int hexDigit(int c) {
        int d = Character.digit(c, 16);
        if (d < 0 || c > 'f') {
            throw UrlPatternException.invalid();
        }
        return d;
    }

    /** after "\p" or "\P": "{...}" resolved to its code point set */
    CodePointSet property() {
        expect('{');
        StringBuilder expression = new StringBuilder();
        while (peek() != '}') {
            int c = next();
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '=')) {
                throw UrlPatternException.invalid();
            }
            expression.appendCodePoint(c);
        }
        pos++;
        return UnicodeProperties.resolve(expression.toString());
    }

    /** a decimal number, saturating at Integer.MAX_VALUE; -1 when no digit is there */
    int decimal() {
        if (!(peek() >= '0' && peek() <= '9')) {
            return -1;
        }
        long value = 0;
        while (peek() >= '0' && peek() <= '9') {
            value = Math.min(Integer.MAX_VALUE, value * 10 + (next() - '0'));
        }
        return (int) value;
    }
}
