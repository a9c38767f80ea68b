package dev.quicksilver.core.urlpattern;

/**
 * ECMAScript identifier code points, which group names ({@code :name}) are made of:
 * IdentifierStart is ID_Start, "$" or "_"; IdentifierPart adds ID_Continue, ZWNJ and ZWJ.
 */
final class Identifiers {
    private Identifiers() {}

    /** the standard's "is a valid name code point" */
    static boolean isValidNameCodePoint(int codePoint, boolean first) {
        if (codePoint == '$' || codePoint == '_') {
            return true;
        }
        if (first) {
            return Character.isUnicodeIdentifierStart(codePoint);
        }
        if (codePoint == 0x200C || codePoint == 0x200D) {
            return true;
        }
        // The JDK counts "ignorable" controls and format characters as identifier parts;
        // Unicode's ID_Continue (and so ECMAScript) does not.
        return Character.isUnicodeIdentifierPart(codePoint) && !Character.isIdentifierIgnorable(codePoint);
    }
}
