package dev.quicksilver.core.urlpattern;

/** The lexical token types of a pattern string (URL Pattern §2.1.1). */
enum TokenType {
    /** "{" */
    OPEN,
    /** "}" */
    CLOSE,
    /** "(regexp)", the value without the parentheses */
    REGEXP,
    /** ":name", the value without the colon */
    NAME,
    /** any code point without special meaning */
    CHAR,
    /** "\x", the value without the backslash */
    ESCAPED_CHAR,
    /** "?" or "+" */
    OTHER_MODIFIER,
    /** "*", a wildcard or a modifier */
    ASTERISK,
    END,
    /** only produced by the lenient policy, where the strict one throws */
    INVALID_CHAR
}
