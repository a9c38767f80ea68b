package dev.quicksilver.core.url;

import java.util.ArrayList;
import java.util.List;

/**
 * The URL Standard's URL record (§4.1), mutable while the parser works on it. The host is kept in
 * its serialized form: nothing downstream needs the structured IPv4/IPv6 value.
 */
final class UrlRecord {
    String scheme = "";
    String username = "";
    String password = "";
    /** serialized host; null when the URL has none, "" for the empty host */
    String host;
    /** -1 for null */
    int port = -1;
    /** the path segments, unused while {@link #opaquePath} is non-null */
    List<String> path = new ArrayList<>();
    /** the opaque path (as in {@code mailto:x}), or null when the path is a list */
    String opaquePath;
    String query;
    String fragment;

    boolean isSpecial() {
        return SpecialSchemes.isSpecial(scheme);
    }

    boolean hasOpaquePath() {
        return opaquePath != null;
    }

    boolean includesCredentials() {
        return !username.isEmpty() || !password.isEmpty();
    }

    /** "shorten a URL's path", with the file: drive-letter exception */
    void shortenPath() {
        if (scheme.equals("file") && path.size() == 1 && isNormalizedWindowsDriveLetter(path.get(0))) {
            return;
        }
        if (!path.isEmpty()) {
            path.remove(path.size() - 1);
        }
    }

    /** the "URL path serializer" */
    String serializePath() {
        if (opaquePath != null) {
            return opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** the "URL serializer" */
    String serialize() {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (host != null) {
            out.append("//");
            if (includesCredentials()) {
                out.append(username);
                if (!password.isEmpty()) {
                    out.append(':').append(password);
                }
                out.append('@');
            }
            out.append(host);
            if (port != -1) {
                out.append(':').append(port);
            }
        }
        if (host == null && opaquePath == null && path.size() > 1 && path.get(0).isEmpty()) {
            out.append("/."); // keeps web+demo:/.//not-a-host/ from reparsing with a host
        }
        out.append(serializePath());
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    UrlRecord copy() {
        UrlRecord c = new UrlRecord();
        c.scheme = scheme;
        c.username = username;
        c.password = password;
        c.host = host;
        c.port = port;
        c.path = new ArrayList<>(path);
        c.opaquePath = opaquePath;
        c.query = query;
        c.fragment = fragment;
        return c;
    }

    static boolean isWindowsDriveLetter(CharSequence s) {
        return s.length() == 2 && isAsciiAlpha(s.charAt(0)) && (s.charAt(1) == ':' || s.charAt(1) == '|');
    }

    static boolean isNormalizedWindowsDriveLetter(CharSequence s) {
        return isWindowsDriveLetter(s) && s.charAt(1) == ':';
    }

    static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
