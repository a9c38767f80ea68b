package dev.quicksilver.core.url;

import java.util.Optional;

/**
 * Parses one URL component on its own, by running the basic URL parser with a state override on
 * the dummy URL {@code https://dummy.invalid/}, as the URL API setters do. The URL Pattern
 * standard canonicalizes the literal parts of component patterns this way (its "encoding
 * callbacks"), so a pattern's literals compare equal to what the parser makes of real URLs.
 */
public final class ComponentParsers {
    private ComponentParsers() {}

    /** value UTF-8 percent-encoded with the userinfo percent-encode set ("set the username") */
    public static String username(String value) {
        return PercentEncoding.encode(ScalarValues.of(value), EncodeSet.USERINFO);
    }

    /** value UTF-8 percent-encoded with the userinfo percent-encode set ("set the password") */
    public static String password(String value) {
        return PercentEncoding.encode(ScalarValues.of(value), EncodeSet.USERINFO);
    }

    /**
     * The serialized host the hostname state makes of value on a special URL (parsing stops at
     * "/", "?", "#" or "\"); empty on failure, including any ":" outside brackets.
     */
    public static Optional<String> hostname(String value) {
        UrlRecord url = dummy();
        if (!BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.HOSTNAME)) {
            return Optional.empty();
        }
        return Optional.of(url.host == null ? "" : url.host);
    }

    /**
     * The port the port state makes of value, leading digits only; "" when it is the default
     * port of scheme (nullable: https); empty on failure (no leading digit, above 65535).
     */
    public static Optional<String> port(String value, String scheme) {
        UrlRecord url = dummy();
        if (scheme != null) {
            url.scheme = scheme;
        }
        if (!BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.PORT)) {
            return Optional.empty();
        }
        return Optional.of(url.port == -1 ? "" : Integer.toString(url.port));
    }

    /**
     * The serialized path the path start state makes of value on a special URL with an empty
     * path: segments percent-encoded, "." and ".." resolved, "\" read as "/", "?" and "#" encoded.
     */
    public static String path(String value) {
        UrlRecord url = dummy();
        url.path.clear();
        BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.PATH_START);
        return url.serializePath();
    }

    /** The opaque path the opaque path state makes of value (it stops at "?" or "#"). */
    public static String opaquePath(String value) {
        UrlRecord url = dummy();
        url.opaquePath = "";
        BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.OPAQUE_PATH);
        return url.opaquePath;
    }

    /** value percent-encoded as a special URL's query ("#" included) */
    public static String query(String value) {
        UrlRecord url = dummy();
        url.query = "";
        BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.QUERY);
        return url.query;
    }

    /** value percent-encoded as a fragment */
    public static String fragment(String value) {
        UrlRecord url = dummy();
        url.fragment = "";
        BasicUrlParser.parseInto(ScalarValues.of(value), url, ParserState.FRAGMENT);
        return url.fragment;
    }

    /** the record of https://dummy.invalid/ (built directly: it is constant) */
    private static UrlRecord dummy() {
        UrlRecord url = new UrlRecord();
        url.scheme = "https";
        url.host = "dummy.invalid";
        url.path.add("");
        return url;
    }
}
