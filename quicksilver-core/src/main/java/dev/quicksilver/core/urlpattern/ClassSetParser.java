package dev.quicksilver.core.urlpattern;

/**
 * Character classes with the v flag (ECMAScript ClassSetExpression): unions with ranges, nested
 * classes, intersections ({@code &&}) and subtractions ({@code --}), evaluated to code point sets.
 * String literals ({@code \q{...}}) and properties of strings are not supported and throw, as
 * every syntax error does.
 */
final class ClassSetParser {
    /** ClassSetSyntaxCharacter: never literal inside a v-flag class */
    private static final String SYNTAX = "()[]{}/-\\|";
    /** the code points that may not appear doubled (ClassSetReservedDoublePunctuator) */
    private static final String DOUBLE_PUNCTUATORS = "&!#$%*+,.:;<=>?@^`~";
    /** ClassSetReservedPunctuator: may be escaped inside a class */
    private static final String RESERVED_PUNCTUATORS = "&-!#%,:;<=>@`~";
    static final int MAX_NESTING = 32;

    private final RegexReader reader;
    private final boolean ignoreCase;
    private int nesting;

    ClassSetParser(RegexReader reader, boolean ignoreCase) {
        this.reader = reader;
        this.ignoreCase = ignoreCase;
    }

    /** the class whose "[" was just read, up to and including its "]" */
    ClassAtom parseClass() {
        if (++nesting > MAX_NESTING) {
            throw UrlPatternException.invalid();
        }
        boolean negated = reader.eat('^');
        CodePointSet set = contents();
        reader.expect(']');
        nesting--;
        return new ClassAtom(set, negated);
    }

    private CodePointSet contents() {
        if (reader.peek() == ']') {
            return CodePointSet.EMPTY;
        }
        CodePointSet result;
        boolean firstIsRange = false;
        if (isOperandStart()) {
            result = operand();
        } else {
            int lo = character();
            firstIsRange = reader.peek() == '-' && !reader.startsWith("--");
            result = firstIsRange ? rangeFrom(lo) : CodePointSet.of(lo);
        }
        if (reader.startsWith("&&") || reader.startsWith("--")) {
            if (firstIsRange) {
                throw UrlPatternException.invalid(); // a range cannot be an operand
            }
            return operation(result, reader.startsWith("&&"));
        }
        while (reader.peek() != ']') {
            if (reader.atEnd() || reader.startsWith("&&") || reader.startsWith("--")) {
                throw UrlPatternException.invalid();
            }
            result = result.union(isOperandStart() ? operand() : rangeOrCharacter());
        }
        return result;
    }

    /** ClassIntersection or ClassSubtraction: operands (no ranges) joined by one operator */
    private CodePointSet operation(CodePointSet first, boolean intersection) {
        String operator = intersection ? "&&" : "--";
        CodePointSet result = first;
        while (reader.startsWith(operator)) {
            reader.skip(2);
            if (intersection && reader.peek() == '&') {
                throw UrlPatternException.invalid();
            }
            CodePointSet next = isOperandStart() ? operand() : CodePointSet.of(character());
            result = intersection ? result.intersect(next) : result.subtract(next);
        }
        if (reader.peek() != ']') {
            throw UrlPatternException.invalid();
        }
        return result;
    }

    /** a nested class or a class escape (\d, \p{..}, ...) comes next */
    private boolean isOperandStart() {
        if (reader.peek() == '[') {
            return true;
        }
        if (reader.peek() != '\\') {
            return false;
        }
        int e = reader.peek(1);
        if (e == 'q') {
            throw UrlPatternException.invalid(); // \q{...} string literals are not supported
        }
        return "dDsSwWpP".indexOf(e) >= 0 && e >= 0;
    }

    private CodePointSet operand() {
        if (reader.eat('[')) {
            return parseClass().resolved();
        }
        reader.next();
        return escapeClass(reader.next(), reader, ignoreCase).resolved();
    }

    /** a ClassSetCharacter, or a range of two */
    private CodePointSet rangeOrCharacter() {
        int lo = character();
        return reader.peek() == '-' && !reader.startsWith("--") ? rangeFrom(lo) : CodePointSet.of(lo);
    }

    /** lo was read and "-" comes next */
    private CodePointSet rangeFrom(int lo) {
        reader.next();
        int hi = character();
        if (hi < lo) {
            throw UrlPatternException.invalid();
        }
        return CodePointSet.range(lo, hi);
    }

    /** ClassSetCharacter */
    private int character() {
        int c = reader.peek();
        if (c == RegexReader.EOF) {
            throw UrlPatternException.invalid();
        }
        if (c == '\\') {
            reader.next();
            int e = reader.next();
            if (e == 'b') {
                return 0x08;
            }
            if (RESERVED_PUNCTUATORS.indexOf(e) >= 0) {
                return e;
            }
            if (e == '0') {
                return reader.nulEscape();
            }
            return reader.characterEscape(e);
        }
        if (SYNTAX.indexOf(c) >= 0 || (DOUBLE_PUNCTUATORS.indexOf(c) >= 0 && reader.peek(1) == c)) {
            throw UrlPatternException.invalid();
        }
        return reader.next();
    }

    /** \d, \D, \s, \S, \w, \W, \p{..}, \P{..} (the letter e just read) */
    static ClassAtom escapeClass(int e, RegexReader reader, boolean ignoreCase) {
        switch (e) {
            case 'd':
            case 'D':
                return new ClassAtom(CharacterClasses.DIGIT, e == 'D');
            case 's':
            case 'S':
                return new ClassAtom(CharacterClasses.WHITE_SPACE, e == 'S');
            case 'w':
            case 'W':
                return new ClassAtom(ignoreCase ? CharacterClasses.WORD_IGNORE_CASE : CharacterClasses.WORD, e == 'W');
            case 'p':
            case 'P':
                return new ClassAtom(reader.property(), e == 'P');
            default:
                throw UrlPatternException.invalid();
        }
    }
}
