package dev.quicksilver.core.urlpattern;

import dev.quicksilver.core.url.SpecialSchemes;
import dev.quicksilver.core.url.WhatwgUrl;

/**
 * "Process a URLPatternInit" (§3.2), for both of its uses: PATTERN keeps the values as pattern
 * text (base URL parts escaped), URL canonicalizes them as the URL parser would. A baseURL fills
 * in the components before the first one given, and a relative pathname is resolved against it.
 */
final class InitProcessor {
    enum Type {
        PATTERN,
        URL
    }

    private final UrlPatternInit init;
    private final Type type;
    private final UrlPatternInit.Builder result = UrlPatternInit.builder();

    private InitProcessor(UrlPatternInit init, Type type) {
        this.init = init;
        this.type = type;
    }

    /**
     * @return the processed init, without baseURL; for URL every component is set
     * @throws UrlPatternException when baseURL does not parse or a value does not canonicalize
     */
    static UrlPatternInit process(UrlPatternInit init, Type type) {
        InitProcessor processor = new InitProcessor(init, type);
        processor.run();
        return processor.result.build();
    }

    private void run() {
        if (type == Type.URL) {
            for (Field f : Field.COMPONENTS) {
                result.set(f, "");
            }
        }
        WhatwgUrl baseUrl = null;
        if (init.has(Field.BASE_URL)) {
            baseUrl = WhatwgUrl.parse(init.get(Field.BASE_URL)).orElseThrow(UrlPatternException::invalid);
            inheritFromBase(baseUrl);
        }
        if (init.has(Field.PROTOCOL)) {
            result.set(Field.PROTOCOL, protocol(init.get(Field.PROTOCOL)));
        }
        if (init.has(Field.USERNAME)) {
            String value = init.get(Field.USERNAME);
            result.set(Field.USERNAME, type == Type.PATTERN ? value : Canonicalizers.username(value));
        }
        if (init.has(Field.PASSWORD)) {
            String value = init.get(Field.PASSWORD);
            result.set(Field.PASSWORD, type == Type.PATTERN ? value : Canonicalizers.password(value));
        }
        if (init.has(Field.HOSTNAME)) {
            String value = init.get(Field.HOSTNAME);
            result.set(Field.HOSTNAME, type == Type.PATTERN ? value : Canonicalizers.hostname(value));
        }
        String protocol = result.has(Field.PROTOCOL) ? result.get(Field.PROTOCOL) : "";
        if (init.has(Field.PORT)) {
            String value = init.get(Field.PORT);
            result.set(Field.PORT, type == Type.PATTERN ? value : Canonicalizers.port(value, protocol));
        }
        if (init.has(Field.PATHNAME)) {
            result.set(Field.PATHNAME, pathname(init.get(Field.PATHNAME), baseUrl, protocol));
        }
        if (init.has(Field.SEARCH)) {
            String value = stripLeading(init.get(Field.SEARCH), '?');
            result.set(Field.SEARCH, type == Type.PATTERN ? value : Canonicalizers.search(value));
        }
        if (init.has(Field.HASH)) {
            String value = stripLeading(init.get(Field.HASH), '#');
            result.set(Field.HASH, type == Type.PATTERN ? value : Canonicalizers.hash(value));
        }
    }

    /**
     * Each component comes from the base unless init gives it or a less specific one (protocol,
     * hostname, port, pathname, search, hash); credentials only ever do for URL inputs.
     */
    private void inheritFromBase(WhatwgUrl base) {
        if (!init.has(Field.PROTOCOL)) {
            result.set(Field.PROTOCOL, baseString(base.scheme()));
        }
        boolean authorityGiven = init.has(Field.PROTOCOL) || init.has(Field.HOSTNAME) || init.has(Field.PORT);
        if (type != Type.PATTERN && !authorityGiven && !init.has(Field.USERNAME)) {
            result.set(Field.USERNAME, baseString(base.username()));
        }
        if (type != Type.PATTERN && !authorityGiven && !init.has(Field.USERNAME) && !init.has(Field.PASSWORD)) {
            result.set(Field.PASSWORD, baseString(base.password()));
        }
        if (!init.has(Field.PROTOCOL) && !init.has(Field.HOSTNAME)) {
            result.set(Field.HOSTNAME, baseString(base.hostname()));
        }
        if (authorityGiven) {
            return;
        }
        result.set(Field.PORT, base.port());
        if (init.has(Field.PATHNAME)) {
            return;
        }
        result.set(Field.PATHNAME, baseString(base.pathname()));
        if (init.has(Field.SEARCH)) {
            return;
        }
        result.set(Field.SEARCH, baseString(base.query().orElse("")));
        if (init.has(Field.HASH)) {
            return;
        }
        result.set(Field.HASH, baseString(base.fragment().orElse("")));
    }

    private String protocol(String value) {
        String stripped = value.endsWith(":") ? value.substring(0, value.length() - 1) : value;
        return type == Type.PATTERN ? stripped : Canonicalizers.protocol(stripped);
    }

    private String pathname(String value, WhatwgUrl baseUrl, String protocol) {
        String pathname = value;
        if (baseUrl != null && !baseUrl.hasOpaquePath() && !isAbsolutePathname(pathname)) {
            // relative to the base's directory, like "../x" in a link
            String basePath = baseString(baseUrl.pathname());
            int slash = basePath.lastIndexOf('/');
            if (slash >= 0) {
                pathname = basePath.substring(0, slash + 1) + pathname;
            }
        }
        if (type == Type.PATTERN) {
            return pathname;
        }
        if (protocol.isEmpty() || SpecialSchemes.isSpecial(protocol)) {
            return Canonicalizers.pathname(pathname);
        }
        return Canonicalizers.opaquePathname(pathname);
    }

    private boolean isAbsolutePathname(String input) {
        if (input.isEmpty()) {
            return false;
        }
        if (input.charAt(0) == '/') {
            return true;
        }
        if (type == Type.URL || input.length() < 2) {
            return false;
        }
        return (input.charAt(0) == '\\' || input.charAt(0) == '{') && input.charAt(1) == '/';
    }

    /** "process a base URL string": base values become literal pattern text */
    private String baseString(String input) {
        return type == Type.PATTERN ? Escaping.patternString(input) : input;
    }

    private static String stripLeading(String value, char c) {
        return !value.isEmpty() && value.charAt(0) == c ? value.substring(1) : value;
    }
}
