package dev.quicksilver.core.urlpattern;

import dev.quicksilver.core.url.ScalarValues;
import dev.quicksilver.core.url.SpecialSchemes;
import dev.quicksilver.core.url.WhatwgUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WHATWG URL Pattern (https://urlpattern.spec.whatwg.org/): eight component patterns matched
 * against the components of a URL parsed by the WHATWG URL parser ({@link WhatwgUrl}).
 * Thread-safe, and immutable but for a one-entry cache of the last base URL parsed; compile once,
 * test many times.
 *
 * <p>Differences from the standard, all in the regular expression engine: custom groups
 * ({@code :id(\d+)}) are ECMAScript (v flag) translated to re2j, so matching is linear time, and
 * what re2j cannot express (lookaround, backreferences, the m modifier, {@code \q{}}) is refused
 * at compile time; so are expressions whose expanded size exceeds a fixed budget. Group values are
 * what ECMAScript would capture except in contrived cases of repeated empty matches.
 *
 * <p>Relative patterns ({@code /books/:id}) need a base URL, and take protocol, host and port from
 * it; a string pattern leaves the components after the last one it gives as "*", and a host
 * without a port means the default port.
 */
public final class UrlPattern {
    private final Component[] components;
    /**
     * The last base URL parsed by test/exec: callers such as the hub pass the same base every
     * time. Immutable and replaced whole, so racing threads at worst parse it again.
     */
    private volatile ParsedBase lastBase;

    private static final class ParsedBase {
        final String text;
        final Optional<WhatwgUrl> url;

        ParsedBase(String text, Optional<WhatwgUrl> url) {
            this.text = text;
            this.url = url;
        }
    }

    private UrlPattern(Component[] components) {
        this.components = components;
    }

    /** an absolute constructor string, such as {@code https://example.com/books/:id} */
    public static UrlPattern compile(String pattern) {
        return compile(pattern, null, false);
    }

    /**
     * a constructor string, relative to baseUrl when baseUrl is not null
     *
     * @throws UrlPatternException when the pattern is invalid, relative without a base, or uses a
     *     regular expression feature that cannot run in linear time
     */
    public static UrlPattern compile(String pattern, String baseUrl) {
        return compile(pattern, baseUrl, false);
    }

    public static UrlPattern compile(String pattern, String baseUrl, boolean ignoreCase) {
        return create(pattern, baseUrl, ignoreCase);
    }

    /**
     * As {@link #compile(String, String)}, refusing a pattern whose components have more than
     * maxGroups groups in all before their expressions are compiled.
     *
     * @throws UrlPatternException.TooComplex when the pattern has too many groups
     * @throws UrlPatternException when the pattern is invalid
     */
    public static UrlPattern compile(String pattern, String baseUrl, int maxGroups) {
        return create(pattern, baseUrl, false, maxGroups);
    }

    /** a pattern given component by component; absent components match anything */
    public static UrlPattern compile(UrlPatternInit init) {
        return create(init, null, false);
    }

    public static UrlPattern compile(UrlPatternInit init, boolean ignoreCase) {
        return create(init, null, ignoreCase);
    }

    /**
     * init, with baseUrl as its baseURL when it has none (the standard's "build a URL pattern from
     * an Infra value", as other specifications integrate patterns). The JavaScript constructor
     * rejects a dictionary plus a base URL instead.
     */
    public static UrlPattern compile(UrlPatternInit init, String baseUrl) {
        UrlPatternInit effective = init.has(Field.BASE_URL) || baseUrl == null
                ? init
                : init.toBuilder().baseUrl(baseUrl).build();
        return create(effective, null, false);
    }

    /** the standard's "create": input is a String or a UrlPatternInit, as in the constructor */
    static UrlPattern create(Object input, String baseUrl, boolean ignoreCase) {
        return create(input, baseUrl, ignoreCase, Integer.MAX_VALUE);
    }

    private static UrlPattern create(Object input, String baseUrl, boolean ignoreCase, int maxGroups) {
        UrlPatternInit init;
        if (input instanceof String) {
            UrlPatternInit.Builder parsed = ConstructorStringParser.parse(ScalarValues.of((String) input));
            if (baseUrl == null && !parsed.has(Field.PROTOCOL)) {
                throw UrlPatternException.invalid(); // relative, and nothing to resolve it against
            }
            if (baseUrl != null) {
                parsed.baseUrl(baseUrl);
            }
            init = parsed.build();
        } else {
            if (baseUrl != null) {
                throw UrlPatternException.invalid();
            }
            init = (UrlPatternInit) input;
        }
        UrlPatternInit processed = InitProcessor.process(init, InitProcessor.Type.PATTERN);
        return new UrlPattern(new Compiler(maxGroups).components(processed, ignoreCase));
    }

    /** Compiles the components in order, each within the groups the ones before left. */
    private static final class Compiler {
        private int groupsLeft;

        Compiler(int maxGroups) {
            this.groupsLeft = maxGroups;
        }

        private Component compile(String input, EncodingCallback callback, ComponentOptions options) {
            Component c = Component.compile(input, callback, options, groupsLeft);
            groupsLeft -= c.groupCount();
            return c;
        }

        private Component[] components(UrlPatternInit processed, boolean ignoreCase) {
            String[] values = new String[Field.COMPONENTS.length];
            for (Field f : Field.COMPONENTS) {
                values[f.ordinal()] = processed.has(f) ? processed.get(f) : "*";
            }
            String protocol = values[Field.PROTOCOL.ordinal()];
            if (SpecialSchemes.isSpecial(protocol)
                    && values[Field.PORT.ordinal()].equals(Integer.toString(SpecialSchemes.defaultPort(protocol)))) {
                values[Field.PORT.ordinal()] = "";
            }
            Component[] c = new Component[Field.COMPONENTS.length];
            c[Field.PROTOCOL.ordinal()] = compile(protocol, Canonicalizers::protocol, ComponentOptions.DEFAULT);
            c[Field.USERNAME.ordinal()] = compile(values[Field.USERNAME.ordinal()], Canonicalizers::username,
                    ComponentOptions.DEFAULT);
            c[Field.PASSWORD.ordinal()] = compile(values[Field.PASSWORD.ordinal()], Canonicalizers::password,
                    ComponentOptions.DEFAULT);
            String hostname = values[Field.HOSTNAME.ordinal()];
            c[Field.HOSTNAME.ordinal()] = compile(hostname,
                    isIpv6Pattern(hostname) ? Canonicalizers::ipv6Hostname : Canonicalizers::hostname,
                    ComponentOptions.HOSTNAME);
            c[Field.PORT.ordinal()] = compile(values[Field.PORT.ordinal()], Canonicalizers::port,
                    ComponentOptions.DEFAULT);
            ComponentOptions options = ComponentOptions.DEFAULT.withIgnoreCase(ignoreCase);
            c[Field.PATHNAME.ordinal()] = c[Field.PROTOCOL.ordinal()].matchesSpecialScheme()
                    ? compile(values[Field.PATHNAME.ordinal()], Canonicalizers::pathname,
                            ComponentOptions.PATHNAME.withIgnoreCase(ignoreCase))
                    : compile(values[Field.PATHNAME.ordinal()], Canonicalizers::opaquePathname, options);
            c[Field.SEARCH.ordinal()] = compile(values[Field.SEARCH.ordinal()], Canonicalizers::search, options);
            c[Field.HASH.ordinal()] = compile(values[Field.HASH.ordinal()], Canonicalizers::hash, options);
            return c;
        }
    }

    /** "hostname pattern is an IPv6 address": "[...", "{[..." or "\[..." */
    private static boolean isIpv6Pattern(String input) {
        if (input.length() < 2) {
            return false;
        }
        char first = input.charAt(0);
        return first == '[' || ((first == '{' || first == '\\') && input.charAt(1) == '[');
    }

    /** true when input (relative to baseUrl, if not null) parses as a URL and matches */
    public boolean test(String input, String baseUrl) {
        String[] values = componentsOf(input, baseUrl);
        return values != null && matchesAll(values);
    }

    public boolean test(String input) {
        return test(input, null);
    }

    /** true when the components of input, processed as the URL parser would, match */
    public boolean test(UrlPatternInit input) {
        String[] values = componentsOf(input);
        return values != null && matchesAll(values);
    }

    /** the groups of each component when input (relative to baseUrl, if not null) matches */
    public Optional<UrlPatternResult> exec(String input, String baseUrl) {
        return match(input, baseUrl);
    }

    public Optional<UrlPatternResult> exec(String input) {
        return match(input, null);
    }

    public Optional<UrlPatternResult> exec(UrlPatternInit input) {
        return match(input, null);
    }

    /** the standard's "match": input is a String or a UrlPatternInit; a base only goes with a String */
    Optional<UrlPatternResult> match(Object input, String baseUrl) {
        List<Object> inputs = new ArrayList<>(2);
        inputs.add(input instanceof String ? ScalarValues.of((String) input) : input);
        String[] values;
        if (input instanceof UrlPatternInit) {
            if (baseUrl != null) {
                throw UrlPatternException.invalid();
            }
            values = componentsOf((UrlPatternInit) input);
        } else {
            values = componentsOf((String) input, baseUrl);
            if (baseUrl != null) {
                inputs.add(baseUrl);
            }
        }
        if (values == null || !matchesAll(values)) {
            return Optional.empty();
        }
        UrlPatternComponentResult[] results = new UrlPatternComponentResult[Field.COMPONENTS.length];
        for (Field f : Field.COMPONENTS) {
            Map<String, String> groups = components[f.ordinal()].exec(values[f.ordinal()]);
            results[f.ordinal()] = new UrlPatternComponentResult(values[f.ordinal()], groups);
        }
        return Optional.of(new UrlPatternResult(inputs, results));
    }

    private boolean matchesAll(String[] values) {
        for (Field f : Field.COMPONENTS) {
            if (!components[f.ordinal()].matches(values[f.ordinal()])) {
                return false;
            }
        }
        return true;
    }

    /** the eight components of the URL input parses to, or null when it does not parse */
    private String[] componentsOf(String input, String baseUrl) {
        Optional<WhatwgUrl> url;
        if (baseUrl == null) {
            url = WhatwgUrl.parse(input);
        } else {
            Optional<WhatwgUrl> base = parseBase(baseUrl);
            if (base.isEmpty()) {
                return null;
            }
            url = base.get().resolve(input);
        }
        if (url.isEmpty()) {
            return null;
        }
        WhatwgUrl u = url.get();
        String[] values = new String[Field.COMPONENTS.length];
        values[Field.PROTOCOL.ordinal()] = u.scheme();
        values[Field.USERNAME.ordinal()] = u.username();
        values[Field.PASSWORD.ordinal()] = u.password();
        values[Field.HOSTNAME.ordinal()] = u.hostname();
        values[Field.PORT.ordinal()] = u.port();
        values[Field.PATHNAME.ordinal()] = u.pathname();
        values[Field.SEARCH.ordinal()] = u.query().orElse("");
        values[Field.HASH.ordinal()] = u.fragment().orElse("");
        return values;
    }

    private Optional<WhatwgUrl> parseBase(String baseUrl) {
        ParsedBase cached = lastBase;
        if (cached == null || !cached.text.equals(baseUrl)) {
            cached = new ParsedBase(baseUrl, WhatwgUrl.parse(baseUrl));
            lastBase = cached;
        }
        return cached.url;
    }

    /** the components of input processed as a URL, or null when that fails */
    private static String[] componentsOf(UrlPatternInit input) {
        UrlPatternInit processed;
        try {
            processed = InitProcessor.process(input, InitProcessor.Type.URL);
        } catch (UrlPatternException e) {
            return null;
        }
        String[] values = new String[Field.COMPONENTS.length];
        for (Field f : Field.COMPONENTS) {
            values[f.ordinal()] = processed.get(f);
        }
        return values;
    }

    public String protocol() {
        return components[Field.PROTOCOL.ordinal()].patternString;
    }

    public String username() {
        return components[Field.USERNAME.ordinal()].patternString;
    }

    public String password() {
        return components[Field.PASSWORD.ordinal()].patternString;
    }

    public String hostname() {
        return components[Field.HOSTNAME.ordinal()].patternString;
    }

    public String port() {
        return components[Field.PORT.ordinal()].patternString;
    }

    public String pathname() {
        return components[Field.PATHNAME.ordinal()].patternString;
    }

    public String search() {
        return components[Field.SEARCH.ordinal()].patternString;
    }

    public String hash() {
        return components[Field.HASH.ordinal()].patternString;
    }

    /** the groups of the components' regular expressions (components matched without one have none) */
    public int groupCount() {
        int groups = 0;
        for (Component c : components) {
            groups += c.groupCount();
        }
        return groups;
    }

    /**
     * re2j instructions of the components' regular expressions together: testing a URL costs at
     * most this many steps per character, and the compiled pattern's memory grows with it
     */
    public int programSize() {
        int size = 0;
        for (Component c : components) {
            size += c.programSize();
        }
        return size;
    }

    /** true when a component uses a custom regular expression ({@code (\d+)}) */
    public boolean hasRegExpGroups() {
        for (Component c : components) {
            if (c.hasRegexpGroups) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "UrlPattern{protocol=" + protocol() + ", username=" + username() + ", password=" + password()
                + ", hostname=" + hostname() + ", port=" + port() + ", pathname=" + pathname() + ", search="
                + search() + ", hash=" + hash() + "}";
    }
}
