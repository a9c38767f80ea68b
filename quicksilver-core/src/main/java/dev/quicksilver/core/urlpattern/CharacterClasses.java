package dev.quicksilver.core.urlpattern;

/** ECMAScript's {@code \d}, {@code \s} and {@code \w} as code point sets (not RE2's meanings). */
final class CharacterClasses {
    static final CodePointSet DIGIT = CodePointSet.range('0', '9');
    /** WhiteSpace and LineTerminator: RE2's \s is only [\t\n\f\r ] */
    static final CodePointSet WHITE_SPACE = CodePointSet.ofRanges(
            0x09, 0x0D, 0x20, 0x20, 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
            0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF);
    static final CodePointSet WORD = CodePointSet.ofRanges('a', 'z', 'A', 'Z', '0', '9', '_', '_');
    /**
     * With the i and u (or v) flags, \w also holds the characters that case-fold into it: U+017F
     * (long s) and U+212A (Kelvin sign).
     */
    static final CodePointSet WORD_IGNORE_CASE = WORD.union(CodePointSet.ofRanges(0x17F, 0x17F, 0x212A, 0x212A));

    private CharacterClasses() {}
}
