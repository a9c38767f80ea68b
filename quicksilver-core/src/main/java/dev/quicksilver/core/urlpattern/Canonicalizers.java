package dev.quicksilver.core.urlpattern;

import dev.quicksilver.core.url.ComponentParsers;
import dev.quicksilver.core.url.WhatwgUrl;

/**
 * The standard's encoding callbacks (§3.1): each canonicalizes literal text of one component the
 * way the URL parser canonicalizes that component, so {@code café} in a pattern meets
 * {@code caf%C3%A9} in a URL. All throw {@link UrlPatternException} where the standard throws.
 */
final class Canonicalizers {
    private Canonicalizers() {}

    static String protocol(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return WhatwgUrl.parse(value + "://dummy.invalid/").map(WhatwgUrl::scheme)
                .orElseThrow(UrlPatternException::invalid);
    }

    static String username(String value) {
        return value.isEmpty() ? value : ComponentParsers.username(value);
    }

    static String password(String value) {
        return value.isEmpty() ? value : ComponentParsers.password(value);
    }

    static String hostname(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return ComponentParsers.hostname(value).orElseThrow(UrlPatternException::invalid);
    }

    /** for patterns that look like "[...]": only hex digits, brackets and colons, lowercased */
    static String ipv6Hostname(String value) {
        StringBuilder result = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != '[' && c != ']' && c != ':') {
                throw UrlPatternException.invalid();
            }
            result.append(Character.toLowerCase(c));
        }
        return result.toString();
    }

    /** the port pattern's canonicalizer: without a protocol, https's default port is elided */
    static String port(String value) {
        return port(value, null);
    }

    static String port(String value, String protocol) {
        if (value.isEmpty()) {
            return value;
        }
        return ComponentParsers.port(value, protocol).orElseThrow(UrlPatternException::invalid);
    }

    static String pathname(String value) {
        if (value.isEmpty()) {
            return value;
        }
        // The parser would prepend "/" and could fold a leading "." segment: a placeholder
        // segment "/-" stops both, and is cut off again.
        boolean leadingSlash = value.charAt(0) == '/';
        String result = ComponentParsers.path(leadingSlash ? value : "/-" + value);
        return leadingSlash ? result : result.substring(Math.min(2, result.length()));
    }

    static String opaquePathname(String value) {
        return value.isEmpty() ? value : ComponentParsers.opaquePath(value);
    }

    static String search(String value) {
        return value.isEmpty() ? value : ComponentParsers.query(value);
    }

    static String hash(String value) {
        return value.isEmpty() ? value : ComponentParsers.fragment(value);
    }
}
