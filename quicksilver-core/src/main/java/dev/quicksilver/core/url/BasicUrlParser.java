package dev.quicksilver.core.url;

import java.util.ArrayList;

/**
 * The URL Standard's basic URL parser (§4.4), UTF-8 only, one method per state. With a state
 * override it edits an existing record the way the URL API setters (and URL Pattern's component
 * canonicalizers) need. Validation errors are not reported: only failure matters here.
 */
final class BasicUrlParser {
    private static final int EOF = -1;

    /** why a run stopped */
    private enum Outcome {
        CONTINUE,
        /** the standard's bare "return" (success, used with state overrides) */
        DONE,
        FAILURE
    }

    private final int[] input;
    private final UrlRecord base;
    private final UrlRecord url;
    private final ParserState stateOverride;
    private ParserState state;
    private final StringBuilder buffer = new StringBuilder();
    private boolean atSignSeen;
    private boolean insideBrackets;
    private boolean passwordTokenSeen;
    private int pointer;
    private int c;
    /** Opaque path and fragment grow one code point per step: built here, flushed at the end. */
    private StringBuilder opaquePathOut;
    private StringBuilder fragmentOut;

    private BasicUrlParser(String input, UrlRecord base, UrlRecord url, ParserState stateOverride) {
        this.input = input.codePoints().toArray();
        this.base = base;
        this.url = url;
        this.stateOverride = stateOverride;
        this.state = stateOverride != null ? stateOverride : ParserState.SCHEME_START;
    }

    /** Parses input against base (nullable); null on failure. */
    static UrlRecord parse(String input, UrlRecord base) {
        UrlRecord url = new UrlRecord();
        BasicUrlParser parser = new BasicUrlParser(removeTabAndNewline(trimC0ControlOrSpace(input)), base, url, null);
        return parser.run() == Outcome.FAILURE ? null : url;
    }

    /** Runs the parser on input with url and a state override; false on failure. */
    static boolean parseInto(String input, UrlRecord url, ParserState stateOverride) {
        return new BasicUrlParser(removeTabAndNewline(input), null, url, stateOverride).run() != Outcome.FAILURE;
    }

    private Outcome run() {
        Outcome outcome = loop();
        if (opaquePathOut != null) {
            url.opaquePath = opaquePathOut.toString();
        }
        if (fragmentOut != null) {
            url.fragment = fragmentOut.toString();
        }
        return outcome;
    }

    private Outcome loop() {
        while (true) {
            c = pointer >= 0 && pointer < input.length ? input[pointer] : EOF;
            Outcome outcome = step();
            if (outcome != Outcome.CONTINUE) {
                return outcome;
            }
            if (pointer >= input.length) {
                return Outcome.DONE;
            }
            pointer++;
        }
    }

    private Outcome step() {
        switch (state) {
            case SCHEME_START:
                return schemeStart();
            case SCHEME:
                return scheme();
            case NO_SCHEME:
                return noScheme();
            case SPECIAL_RELATIVE_OR_AUTHORITY:
                return specialRelativeOrAuthority();
            case PATH_OR_AUTHORITY:
                return pathOrAuthority();
            case RELATIVE:
                return relative();
            case RELATIVE_SLASH:
                return relativeSlash();
            case SPECIAL_AUTHORITY_SLASHES:
                return specialAuthoritySlashes();
            case SPECIAL_AUTHORITY_IGNORE_SLASHES:
                return specialAuthorityIgnoreSlashes();
            case AUTHORITY:
                return authority();
            case HOST:
            case HOSTNAME:
                return host();
            case PORT:
                return port();
            case FILE:
                return file();
            case FILE_SLASH:
                return fileSlash();
            case FILE_HOST:
                return fileHost();
            case PATH_START:
                return pathStart();
            case PATH:
                return path();
            case OPAQUE_PATH:
                return opaquePath();
            case QUERY:
                return query();
            case FRAGMENT:
                return fragment();
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private Outcome schemeStart() {
        if (UrlRecord.isAsciiAlpha(c)) {
            buffer.append(Character.toLowerCase((char) c));
            state = ParserState.SCHEME;
        } else if (stateOverride == null) {
            state = ParserState.NO_SCHEME;
            pointer--;
        } else {
            return Outcome.FAILURE;
        }
        return Outcome.CONTINUE;
    }

    private Outcome scheme() {
        if (UrlRecord.isAsciiAlpha(c) || isAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
            buffer.append(Character.toLowerCase((char) c));
        } else if (c == ':') {
            String candidate = buffer.toString();
            if (stateOverride != null) {
                boolean candidateSpecial = SpecialSchemes.isSpecial(candidate);
                if (url.isSpecial() != candidateSpecial) {
                    return Outcome.DONE;
                }
                if ((url.includesCredentials() || url.port != -1) && candidate.equals("file")) {
                    return Outcome.DONE;
                }
                if (url.scheme.equals("file") && "".equals(url.host)) {
                    return Outcome.DONE;
                }
            }
            url.scheme = candidate;
            if (stateOverride != null) {
                if (url.port == SpecialSchemes.defaultPort(url.scheme)) {
                    url.port = -1;
                }
                return Outcome.DONE;
            }
            buffer.setLength(0);
            if (url.scheme.equals("file")) {
                state = ParserState.FILE;
            } else if (url.isSpecial() && base != null && base.scheme.equals(url.scheme)) {
                state = ParserState.SPECIAL_RELATIVE_OR_AUTHORITY;
            } else if (url.isSpecial()) {
                state = ParserState.SPECIAL_AUTHORITY_SLASHES;
            } else if (remainingStartsWith('/')) {
                state = ParserState.PATH_OR_AUTHORITY;
                pointer++;
            } else {
                url.opaquePath = "";
                state = ParserState.OPAQUE_PATH;
            }
        } else if (stateOverride == null) {
            buffer.setLength(0);
            state = ParserState.NO_SCHEME;
            pointer = -1; // start over from the first code point
        } else {
            return Outcome.FAILURE;
        }
        return Outcome.CONTINUE;
    }

    private Outcome noScheme() {
        if (base == null || (base.hasOpaquePath() && c != '#')) {
            return Outcome.FAILURE;
        } else if (base.hasOpaquePath()) {
            url.scheme = base.scheme;
            url.opaquePath = base.opaquePath;
            url.query = base.query;
            url.fragment = "";
            state = ParserState.FRAGMENT;
        } else if (!base.scheme.equals("file")) {
            state = ParserState.RELATIVE;
            pointer--;
        } else {
            state = ParserState.FILE;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome specialRelativeOrAuthority() {
        if (c == '/' && remainingStartsWith('/')) {
            state = ParserState.SPECIAL_AUTHORITY_IGNORE_SLASHES;
            pointer++;
        } else {
            state = ParserState.RELATIVE;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome pathOrAuthority() {
        if (c == '/') {
            state = ParserState.AUTHORITY;
        } else {
            state = ParserState.PATH;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome relative() {
        url.scheme = base.scheme;
        if (c == '/' || (url.isSpecial() && c == '\\')) {
            state = ParserState.RELATIVE_SLASH;
            return Outcome.CONTINUE;
        }
        copyAuthorityFromBase();
        url.path = new ArrayList<>(base.path);
        url.query = base.query;
        if (c == '?') {
            url.query = "";
            state = ParserState.QUERY;
        } else if (c == '#') {
            url.fragment = "";
            state = ParserState.FRAGMENT;
        } else if (c != EOF) {
            url.query = null;
            url.shortenPath();
            state = ParserState.PATH;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome relativeSlash() {
        if (url.isSpecial() && (c == '/' || c == '\\')) {
            state = ParserState.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c == '/') {
            state = ParserState.AUTHORITY;
        } else {
            copyAuthorityFromBase();
            state = ParserState.PATH;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private void copyAuthorityFromBase() {
        url.username = base.username;
        url.password = base.password;
        url.host = base.host;
        url.port = base.port;
    }

    private Outcome specialAuthoritySlashes() {
        state = ParserState.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        if (c == '/' && remainingStartsWith('/')) {
            pointer++;
        } else {
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome specialAuthorityIgnoreSlashes() {
        if (c != '/' && c != '\\') {
            state = ParserState.AUTHORITY;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome authority() {
        if (c == '@') {
            if (atSignSeen) {
                buffer.insert(0, "%40");
            }
            atSignSeen = true;
            StringBuilder username = new StringBuilder(url.username);
            StringBuilder password = new StringBuilder(url.password);
            buffer.codePoints().forEach(codePoint -> {
                if (codePoint == ':' && !passwordTokenSeen) {
                    passwordTokenSeen = true;
                    return;
                }
                PercentEncoding.encode(codePoint, EncodeSet.USERINFO, passwordTokenSeen ? password : username);
            });
            url.username = username.toString();
            url.password = password.toString();
            buffer.setLength(0);
        } else if (isAuthorityEnd()) {
            if (atSignSeen && buffer.length() == 0) {
                return Outcome.FAILURE;
            }
            pointer -= buffer.codePointCount(0, buffer.length()) + 1;
            buffer.setLength(0);
            state = ParserState.HOST;
        } else {
            buffer.appendCodePoint(c);
        }
        return Outcome.CONTINUE;
    }

    private Outcome host() {
        if (stateOverride != null && url.scheme.equals("file")) {
            pointer--;
            state = ParserState.FILE_HOST;
        } else if (c == ':' && !insideBrackets) {
            if (buffer.length() == 0 || stateOverride == ParserState.HOSTNAME) {
                return Outcome.FAILURE;
            }
            String parsed = HostParser.parse(buffer.toString(), !url.isSpecial());
            if (parsed == null) {
                return Outcome.FAILURE;
            }
            url.host = parsed;
            buffer.setLength(0);
            state = ParserState.PORT;
        } else if (isAuthorityEnd()) {
            pointer--;
            if (url.isSpecial() && buffer.length() == 0) {
                return Outcome.FAILURE;
            } else if (stateOverride != null && buffer.length() == 0
                    && (url.includesCredentials() || url.port != -1)) {
                return Outcome.FAILURE;
            }
            String parsed = HostParser.parse(buffer.toString(), !url.isSpecial());
            if (parsed == null) {
                return Outcome.FAILURE;
            }
            url.host = parsed;
            buffer.setLength(0);
            state = ParserState.PATH_START;
            if (stateOverride != null) {
                return Outcome.DONE;
            }
        } else {
            if (c == '[') {
                insideBrackets = true;
            } else if (c == ']') {
                insideBrackets = false;
            }
            buffer.appendCodePoint(c);
        }
        return Outcome.CONTINUE;
    }

    private Outcome port() {
        if (isAsciiDigit(c)) {
            buffer.append((char) c);
        } else if (isAuthorityEnd() || stateOverride != null) {
            if (buffer.length() != 0) {
                int port = 0;
                for (int i = 0; i < buffer.length(); i++) {
                    port = port * 10 + (buffer.charAt(i) - '0');
                    if (port > 0xFFFF) {
                        return Outcome.FAILURE;
                    }
                }
                url.port = port == SpecialSchemes.defaultPort(url.scheme) ? -1 : port;
                buffer.setLength(0);
                if (stateOverride != null) {
                    return Outcome.DONE;
                }
            }
            if (stateOverride != null) {
                return Outcome.FAILURE;
            }
            state = ParserState.PATH_START;
            pointer--;
        } else {
            return Outcome.FAILURE;
        }
        return Outcome.CONTINUE;
    }

    private Outcome file() {
        url.scheme = "file";
        url.host = "";
        if (c == '/' || c == '\\') {
            state = ParserState.FILE_SLASH;
        } else if (base != null && base.scheme.equals("file")) {
            url.host = base.host;
            url.path = new ArrayList<>(base.path);
            url.query = base.query;
            if (c == '?') {
                url.query = "";
                state = ParserState.QUERY;
            } else if (c == '#') {
                url.fragment = "";
                state = ParserState.FRAGMENT;
            } else if (c != EOF) {
                url.query = null;
                if (!startsWithWindowsDriveLetter(pointer)) {
                    url.shortenPath();
                } else {
                    url.path = new ArrayList<>();
                }
                state = ParserState.PATH;
                pointer--;
            }
        } else {
            state = ParserState.PATH;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome fileSlash() {
        if (c == '/' || c == '\\') {
            state = ParserState.FILE_HOST;
        } else {
            if (base != null && base.scheme.equals("file")) {
                url.host = base.host;
                if (!startsWithWindowsDriveLetter(pointer) && !base.path.isEmpty()
                        && UrlRecord.isNormalizedWindowsDriveLetter(base.path.get(0))) {
                    url.path.add(base.path.get(0));
                }
            }
            state = ParserState.PATH;
            pointer--;
        }
        return Outcome.CONTINUE;
    }

    private Outcome fileHost() {
        if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
            pointer--;
            if (stateOverride == null && UrlRecord.isWindowsDriveLetter(buffer)) {
                state = ParserState.PATH; // the buffer is kept and becomes the first path segment
            } else if (buffer.length() == 0) {
                url.host = "";
                if (stateOverride != null) {
                    return Outcome.DONE;
                }
                state = ParserState.PATH_START;
            } else {
                String parsed = HostParser.parse(buffer.toString(), !url.isSpecial());
                if (parsed == null) {
                    return Outcome.FAILURE;
                }
                url.host = parsed.equals("localhost") ? "" : parsed;
                if (stateOverride != null) {
                    return Outcome.DONE;
                }
                buffer.setLength(0);
                state = ParserState.PATH_START;
            }
        } else {
            buffer.appendCodePoint(c);
        }
        return Outcome.CONTINUE;
    }

    private Outcome pathStart() {
        if (url.isSpecial()) {
            state = ParserState.PATH;
            if (c != '/' && c != '\\') {
                pointer--;
            }
        } else if (stateOverride == null && c == '?') {
            url.query = "";
            state = ParserState.QUERY;
        } else if (stateOverride == null && c == '#') {
            url.fragment = "";
            state = ParserState.FRAGMENT;
        } else if (c != EOF) {
            state = ParserState.PATH;
            if (c != '/') {
                pointer--;
            }
        } else if (stateOverride != null && url.host == null) {
            url.path.add("");
        }
        return Outcome.CONTINUE;
    }

    private Outcome path() {
        boolean slash = c == '/' || (url.isSpecial() && c == '\\');
        if (c == EOF || slash || (stateOverride == null && (c == '?' || c == '#'))) {
            String segment = buffer.toString();
            if (isDoubleDotSegment(segment)) {
                url.shortenPath();
                if (!slash) {
                    url.path.add("");
                }
            } else if (isSingleDotSegment(segment)) {
                if (!slash) {
                    url.path.add("");
                }
            } else {
                if (url.scheme.equals("file") && url.path.isEmpty() && UrlRecord.isWindowsDriveLetter(segment)) {
                    segment = segment.charAt(0) + ":";
                }
                url.path.add(segment);
            }
            buffer.setLength(0);
            if (c == '?') {
                url.query = "";
                state = ParserState.QUERY;
            } else if (c == '#') {
                url.fragment = "";
                state = ParserState.FRAGMENT;
            }
        } else {
            PercentEncoding.encode(c, EncodeSet.PATH, buffer);
        }
        return Outcome.CONTINUE;
    }

    private Outcome opaquePath() {
        if (c == '?') {
            url.query = "";
            state = ParserState.QUERY;
        } else if (c == '#') {
            url.fragment = "";
            state = ParserState.FRAGMENT;
        } else if (c != EOF) {
            if (opaquePathOut == null) {
                opaquePathOut = new StringBuilder(url.opaquePath);
            }
            if (c == ' ') {
                // A space right before the query or fragment would be lost on reparse: encode it.
                opaquePathOut.append(remainingStartsWith('?') || remainingStartsWith('#') ? "%20" : " ");
            } else {
                PercentEncoding.encode(c, EncodeSet.C0_CONTROL, opaquePathOut);
            }
        }
        return Outcome.CONTINUE;
    }

    private Outcome query() {
        if ((stateOverride == null && c == '#') || c == EOF) {
            EncodeSet set = url.isSpecial() ? EncodeSet.SPECIAL_QUERY : EncodeSet.QUERY;
            url.query = (url.query == null ? "" : url.query) + PercentEncoding.encode(buffer.toString(), set);
            buffer.setLength(0);
            if (c == '#') {
                url.fragment = "";
                state = ParserState.FRAGMENT;
            }
        } else {
            buffer.appendCodePoint(c);
        }
        return Outcome.CONTINUE;
    }

    private Outcome fragment() {
        if (c != EOF) {
            if (fragmentOut == null) {
                fragmentOut = new StringBuilder(url.fragment == null ? "" : url.fragment);
            }
            PercentEncoding.encode(c, EncodeSet.FRAGMENT, fragmentOut);
        }
        return Outcome.CONTINUE;
    }

    /** EOF, '/', '?', '#', or '\' in a special URL: where authority, host and port end */
    private boolean isAuthorityEnd() {
        return c == EOF || c == '/' || c == '?' || c == '#' || (url.isSpecial() && c == '\\');
    }

    private boolean remainingStartsWith(int codePoint) {
        return pointer + 1 < input.length && input[pointer + 1] == codePoint;
    }

    /** "starts with a Windows drive letter", for the code points from index on */
    private boolean startsWithWindowsDriveLetter(int index) {
        int length = input.length - index;
        if (length < 2 || !UrlRecord.isAsciiAlpha(input[index])
                || (input[index + 1] != ':' && input[index + 1] != '|')) {
            return false;
        }
        if (length == 2) {
            return true;
        }
        int third = input[index + 2];
        return third == '/' || third == '\\' || third == '?' || third == '#';
    }

    private static boolean isSingleDotSegment(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDotSegment(String s) {
        return s.equals("..") || s.equalsIgnoreCase(".%2e") || s.equalsIgnoreCase("%2e.")
                || s.equalsIgnoreCase("%2e%2e");
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String trimC0ControlOrSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && s.charAt(end - 1) <= 0x20) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String removeTabAndNewline(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\t' && ch != '\n' && ch != '\r') {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
