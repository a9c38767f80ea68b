package dev.quicksilver.core.urlpattern;

import java.util.List;

/**
 * "Parse a constructor string" (§1.4): splits a shorthand like
 * {@code https://*.example.com/books/:id?*} into component patterns, using lenient tokens so
 * pattern syntax ({@code :id}, {@code (...)}, {@code {...}}) is never mistaken for URL
 * delimiters. Components after the last one given default to "*" later; a host without a port
 * means the default port.
 */
final class ConstructorStringParser {
    private enum State {
        INIT,
        PROTOCOL,
        AUTHORITY,
        USERNAME,
        PASSWORD,
        HOSTNAME,
        PORT,
        PATHNAME,
        SEARCH,
        HASH,
        DONE
    }

    private final int[] input;
    private final List<Token> tokens;
    private final UrlPatternInit.Builder result = UrlPatternInit.builder();
    private int componentStart;
    private int tokenIndex;
    private int tokenIncrement = 1;
    private int groupDepth;
    private int hostnameIpv6BracketDepth;
    private boolean protocolMatchesSpecialScheme;
    private State state = State.INIT;

    private ConstructorStringParser(String input) {
        this.input = input.codePoints().toArray();
        this.tokens = Tokenizer.tokenize(this.input, false);
    }

    static UrlPatternInit.Builder parse(String input) {
        ConstructorStringParser parser = new ConstructorStringParser(input);
        parser.run();
        return parser.result;
    }

    private void run() {
        while (tokenIndex < tokens.size()) {
            tokenIncrement = 1;
            if (tokens.get(tokenIndex).type == TokenType.END) {
                if (state == State.INIT) {
                    // No "scheme:" found: a relative pattern, starting with a path, search or hash.
                    rewind();
                    if (isHashPrefix()) {
                        changeState(State.HASH, 1);
                    } else if (isSearchPrefix()) {
                        changeState(State.SEARCH, 1);
                    } else {
                        changeState(State.PATHNAME, 0);
                    }
                    tokenIndex += tokenIncrement;
                    continue;
                }
                if (state == State.AUTHORITY) {
                    // No "@": no username or password.
                    rewindAndSetState(State.HOSTNAME);
                    tokenIndex += tokenIncrement;
                    continue;
                }
                changeState(State.DONE, 0);
                break;
            }
            if (isGroupOpen()) {
                // Component boundaries never fall inside "{...}".
                groupDepth++;
                tokenIndex += tokenIncrement;
                continue;
            }
            if (groupDepth > 0) {
                if (isGroupClose()) {
                    groupDepth--;
                } else {
                    tokenIndex += tokenIncrement;
                    continue;
                }
            }
            step();
            tokenIndex += tokenIncrement;
        }
        if (result.has(Field.HOSTNAME) && !result.has(Field.PORT)) {
            result.set(Field.PORT, "");
        }
    }

    private void step() {
        switch (state) {
            case INIT:
                if (isProtocolSuffix()) {
                    rewindAndSetState(State.PROTOCOL);
                }
                break;
            case PROTOCOL:
                if (isProtocolSuffix()) {
                    computeProtocolMatchesSpecialScheme();
                    State nextState = State.PATHNAME;
                    int skip = 1;
                    if (nextIsAuthoritySlashes()) {
                        nextState = State.AUTHORITY;
                        skip = 3;
                    } else if (protocolMatchesSpecialScheme) {
                        nextState = State.AUTHORITY;
                    }
                    changeState(nextState, skip);
                }
                break;
            case AUTHORITY:
                if (isIdentityTerminator()) {
                    rewindAndSetState(State.USERNAME);
                } else if (isPathnameStart() || isSearchPrefix() || isHashPrefix()) {
                    rewindAndSetState(State.HOSTNAME);
                }
                break;
            case USERNAME:
                if (isPasswordPrefix()) {
                    changeState(State.PASSWORD, 1);
                } else if (isIdentityTerminator()) {
                    changeState(State.HOSTNAME, 1);
                }
                break;
            case PASSWORD:
                if (isIdentityTerminator()) {
                    changeState(State.HOSTNAME, 1);
                }
                break;
            case HOSTNAME:
                if (isIpv6Open()) {
                    hostnameIpv6BracketDepth++;
                } else if (isIpv6Close()) {
                    hostnameIpv6BracketDepth--;
                } else if (isPortPrefix() && hostnameIpv6BracketDepth == 0) {
                    changeState(State.PORT, 1);
                } else if (isPathnameStart()) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
                break;
            case PORT:
                if (isPathnameStart()) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
                break;
            case PATHNAME:
                if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
                break;
            case SEARCH:
                if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
                break;
            default:
                break;
        }
    }

    private void changeState(State newState, int skip) {
        Field current = fieldOf(state);
        if (current != null) {
            result.set(current, makeComponentString());
        }
        if (state != State.INIT && newState != State.DONE) {
            boolean beforeHostname = state == State.PROTOCOL || state == State.AUTHORITY || state == State.USERNAME
                    || state == State.PASSWORD;
            boolean beforePathname = beforeHostname || state == State.HOSTNAME || state == State.PORT;
            if (beforeHostname && (newState == State.PORT || newState == State.PATHNAME || newState == State.SEARCH
                    || newState == State.HASH) && !result.has(Field.HOSTNAME)) {
                result.set(Field.HOSTNAME, "");
            }
            if (beforePathname && (newState == State.SEARCH || newState == State.HASH)
                    && !result.has(Field.PATHNAME)) {
                result.set(Field.PATHNAME, protocolMatchesSpecialScheme ? "/" : "");
            }
            if ((beforePathname || state == State.PATHNAME) && newState == State.HASH && !result.has(Field.SEARCH)) {
                result.set(Field.SEARCH, "");
            }
        }
        state = newState;
        tokenIndex += skip;
        componentStart = tokenIndex;
        tokenIncrement = 0;
    }

    /** the field a state collects, null for init, authority and done */
    private static Field fieldOf(State state) {
        switch (state) {
            case PROTOCOL:
                return Field.PROTOCOL;
            case USERNAME:
                return Field.USERNAME;
            case PASSWORD:
                return Field.PASSWORD;
            case HOSTNAME:
                return Field.HOSTNAME;
            case PORT:
                return Field.PORT;
            case PATHNAME:
                return Field.PATHNAME;
            case SEARCH:
                return Field.SEARCH;
            case HASH:
                return Field.HASH;
            default:
                return null;
        }
    }

    private void rewind() {
        tokenIndex = componentStart;
        tokenIncrement = 0;
    }

    private void rewindAndSetState(State newState) {
        rewind();
        state = newState;
    }

    private Token safeToken(int index) {
        return index < tokens.size() ? tokens.get(index) : tokens.get(tokens.size() - 1);
    }

    private boolean isNonSpecialPatternChar(int index, String value) {
        Token token = safeToken(index);
        if (!token.value.equals(value)) {
            return false;
        }
        return token.type == TokenType.CHAR || token.type == TokenType.ESCAPED_CHAR
                || token.type == TokenType.INVALID_CHAR;
    }

    private boolean isProtocolSuffix() {
        return isNonSpecialPatternChar(tokenIndex, ":");
    }

    private boolean nextIsAuthoritySlashes() {
        return isNonSpecialPatternChar(tokenIndex + 1, "/") && isNonSpecialPatternChar(tokenIndex + 2, "/");
    }

    private boolean isIdentityTerminator() {
        return isNonSpecialPatternChar(tokenIndex, "@");
    }

    private boolean isPasswordPrefix() {
        return isNonSpecialPatternChar(tokenIndex, ":");
    }

    private boolean isPortPrefix() {
        return isNonSpecialPatternChar(tokenIndex, ":");
    }

    private boolean isPathnameStart() {
        return isNonSpecialPatternChar(tokenIndex, "/");
    }

    /** "?", unless it is a modifier (after a name, regexp, group close or "*") */
    private boolean isSearchPrefix() {
        if (isNonSpecialPatternChar(tokenIndex, "?")) {
            return true;
        }
        if (!tokens.get(tokenIndex).value.equals("?")) {
            return false;
        }
        if (tokenIndex == 0) {
            return true;
        }
        TokenType previous = safeToken(tokenIndex - 1).type;
        return previous != TokenType.NAME && previous != TokenType.REGEXP && previous != TokenType.CLOSE
                && previous != TokenType.ASTERISK;
    }

    private boolean isHashPrefix() {
        return isNonSpecialPatternChar(tokenIndex, "#");
    }

    private boolean isGroupOpen() {
        return tokens.get(tokenIndex).type == TokenType.OPEN;
    }

    private boolean isGroupClose() {
        return tokens.get(tokenIndex).type == TokenType.CLOSE;
    }

    private boolean isIpv6Open() {
        return isNonSpecialPatternChar(tokenIndex, "[");
    }

    private boolean isIpv6Close() {
        return isNonSpecialPatternChar(tokenIndex, "]");
    }

    private String makeComponentString() {
        Token token = tokens.get(tokenIndex);
        int start = safeToken(componentStart).index;
        return new String(input, start, token.index - start);
    }

    /** compiles the protocol seen so far: special schemes imply an authority and a "/" path */
    private void computeProtocolMatchesSpecialScheme() {
        Component protocol = Component.compile(makeComponentString(), Canonicalizers::protocol,
                ComponentOptions.DEFAULT);
        protocolMatchesSpecialScheme = protocol.matchesSpecialScheme();
    }
}
