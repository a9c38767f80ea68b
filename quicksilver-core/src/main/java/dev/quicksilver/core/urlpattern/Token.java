package dev.quicksilver.core.urlpattern;

/** One token: its type, the code point index where it starts, and its value. */
final class Token {
    final TokenType type;
    final int index;
    final String value;

    Token(TokenType type, int index, String value) {
        this.type = type;
        this.index = index;
        this.value = value;
    }

    @Override
    public String toString() {
        return type + "@" + index + "(" + value + ")";
    }
}
