package dev.quicksilver.core.urlpattern;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard's tokenizer (§2.1.2). Positions are code point indices. The strict policy (used to
 * compile component patterns) throws on malformed input; the lenient one (used to split a
 * constructor string into components) emits INVALID_CHAR tokens and carries on.
 */
final class Tokenizer {
    private final int[] input;
    private final boolean strict;
    private final List<Token> tokens = new ArrayList<>();
    private int index;
    private int nextIndex;
    private int codePoint;

    private Tokenizer(int[] input, boolean strict) {
        this.input = input;
        this.strict = strict;
    }

    /** the token list of input, ending with an END token */
    static List<Token> tokenize(int[] input, boolean strict) {
        Tokenizer tokenizer = new Tokenizer(input, strict);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private void run() {
        while (index < input.length) {
            seekAndGetNextCodePoint(index);
            switch (codePoint) {
                case '*':
                    addTokenWithDefaultPositionAndLength(TokenType.ASTERISK);
                    break;
                case '+':
                case '?':
                    addTokenWithDefaultPositionAndLength(TokenType.OTHER_MODIFIER);
                    break;
                case '\\':
                    escapedChar();
                    break;
                case '{':
                    addTokenWithDefaultPositionAndLength(TokenType.OPEN);
                    break;
                case '}':
                    addTokenWithDefaultPositionAndLength(TokenType.CLOSE);
                    break;
                case ':':
                    name();
                    break;
                case '(':
                    regexp();
                    break;
                default:
                    addTokenWithDefaultPositionAndLength(TokenType.CHAR);
            }
        }
        addTokenWithDefaultLength(TokenType.END, index, index);
    }

    private void escapedChar() {
        if (index == input.length - 1) {
            processTokenizingError(nextIndex, index);
            return;
        }
        int escapedIndex = nextIndex;
        getNextCodePoint();
        addTokenWithDefaultLength(TokenType.ESCAPED_CHAR, nextIndex, escapedIndex);
    }

    private void name() {
        int namePosition = nextIndex;
        int nameStart = namePosition;
        while (namePosition < input.length) {
            seekAndGetNextCodePoint(namePosition);
            if (!Identifiers.isValidNameCodePoint(codePoint, namePosition == nameStart)) {
                break;
            }
            namePosition = nextIndex;
        }
        if (namePosition <= nameStart) {
            processTokenizingError(nameStart, index);
            return;
        }
        addTokenWithDefaultLength(TokenType.NAME, namePosition, nameStart);
    }

    /** "(...)": balanced parentheses, ASCII only, inner groups must start with "(?" */
    private void regexp() {
        int depth = 1;
        int regexpPosition = nextIndex;
        int regexpStart = regexpPosition;
        while (regexpPosition < input.length) {
            seekAndGetNextCodePoint(regexpPosition);
            if (codePoint > 0x7F || (regexpPosition == regexpStart && codePoint == '?')) {
                processTokenizingError(regexpStart, index);
                return;
            }
            if (codePoint == '\\') {
                if (regexpPosition == input.length - 1) {
                    processTokenizingError(regexpStart, index);
                    return;
                }
                getNextCodePoint();
                if (codePoint > 0x7F) {
                    processTokenizingError(regexpStart, index);
                    return;
                }
                regexpPosition = nextIndex;
                continue;
            }
            if (codePoint == ')') {
                depth--;
                if (depth == 0) {
                    regexpPosition = nextIndex;
                    break;
                }
            } else if (codePoint == '(') {
                depth++;
                if (regexpPosition == input.length - 1) {
                    processTokenizingError(regexpStart, index);
                    return;
                }
                int temporaryPosition = nextIndex;
                getNextCodePoint();
                if (codePoint != '?') {
                    processTokenizingError(regexpStart, index);
                    return;
                }
                nextIndex = temporaryPosition;
            }
            regexpPosition = nextIndex;
        }
        if (depth != 0) {
            processTokenizingError(regexpStart, index);
            return;
        }
        int regexpLength = regexpPosition - regexpStart - 1;
        if (regexpLength == 0) {
            processTokenizingError(regexpStart, index);
            return;
        }
        addToken(TokenType.REGEXP, regexpPosition, regexpStart, regexpLength);
    }

    private void getNextCodePoint() {
        codePoint = input[nextIndex];
        nextIndex++;
    }

    private void seekAndGetNextCodePoint(int at) {
        nextIndex = at;
        getNextCodePoint();
    }

    private void addToken(TokenType type, int nextPosition, int valuePosition, int valueLength) {
        tokens.add(new Token(type, index, new String(input, valuePosition, valueLength)));
        index = nextPosition;
    }

    private void addTokenWithDefaultLength(TokenType type, int nextPosition, int valuePosition) {
        addToken(type, nextPosition, valuePosition, nextPosition - valuePosition);
    }

    private void addTokenWithDefaultPositionAndLength(TokenType type) {
        addTokenWithDefaultLength(type, nextIndex, index);
    }

    private void processTokenizingError(int nextPosition, int valuePosition) {
        if (strict) {
            throw UrlPatternException.invalid();
        }
        addTokenWithDefaultLength(TokenType.INVALID_CHAR, nextPosition, valuePosition);
    }
}
