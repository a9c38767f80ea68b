package dev.quicksilver.core.url;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A URL parsed by the WHATWG URL Standard's basic URL parser: what browsers (and the Go reference
 * hub, through its WHATWG parser) make of a string. Immutable, thread-safe.
 *
 * <p>Parsing resolves {@code .} and {@code ..} segments, lowercases scheme and host, converts
 * internationalized hosts to Punycode, normalizes IPv4 and IPv6 addresses, drops default ports,
 * treats {@code \} as {@code /} in special URLs, and percent-encodes what each component may not
 * contain (spaces and non-ASCII in paths, for instance). Only UTF-8 is supported; {@code blob:}
 * URLs are not resolved. Internationalized hosts go through {@link java.net.IDN} with UTS #46
 * fix-ups (see the package-private {@code Idna}): exotic IDNA cases may differ from browsers.
 *
 * <p>The string getters follow the URL API ({@code new URL(...)} in JavaScript): {@link #protocol()}
 * ends with ":", {@link #search()} and {@link #hash()} carry their "?"/"#" and are empty when the
 * component is null or empty. The record accessors ({@link #scheme()}, {@link #query()},
 * {@link #fragment()}, {@link #portNumber()}) expose the raw components.
 */
public final class WhatwgUrl {
    private final UrlRecord record;
    private final String href;

    private WhatwgUrl(UrlRecord record) {
        this.record = record;
        this.href = record.serialize();
    }

    /** input parsed without a base; empty when it is not an absolute URL */
    public static Optional<WhatwgUrl> parse(String input) {
        return parseRecord(input, null);
    }

    /**
     * input parsed against base (nullable); empty when base is given but does not parse, or when
     * input is invalid or relative with no usable base. Never throws on any non-null input.
     */
    public static Optional<WhatwgUrl> parse(String input, String base) {
        UrlRecord baseRecord = null;
        if (base != null) {
            baseRecord = BasicUrlParser.parse(ScalarValues.of(base), null);
            if (baseRecord == null) {
                return Optional.empty();
            }
        }
        return parseRecord(input, baseRecord);
    }

    /** input parsed with this URL as its base, as {@code parse(input, href())} but without reparsing */
    public Optional<WhatwgUrl> resolve(String input) {
        return parseRecord(input, record);
    }

    private static Optional<WhatwgUrl> parseRecord(String input, UrlRecord base) {
        UrlRecord record = BasicUrlParser.parse(ScalarValues.of(input), base);
        return record == null ? Optional.empty() : Optional.of(new WhatwgUrl(record));
    }

    /** the serialized URL */
    public String href() {
        return href;
    }

    /** the scheme followed by ":", e.g. "https:" */
    public String protocol() {
        return record.scheme + ":";
    }

    /** the scheme, lowercase, e.g. "https" */
    public String scheme() {
        return record.scheme;
    }

    /** percent-encoded username, "" when none */
    public String username() {
        return record.username;
    }

    /** percent-encoded password, "" when none */
    public String password() {
        return record.password;
    }

    /** the serialized host plus ":port" when there is a non-default port; "" without host */
    public String host() {
        if (record.host == null) {
            return "";
        }
        return record.port == -1 ? record.host : record.host + ":" + record.port;
    }

    /** the serialized host ("example.com", "127.0.0.1", "[::1]"), "" when the URL has none */
    public String hostname() {
        return record.host == null ? "" : record.host;
    }

    /** true when the URL has a host, possibly the empty host of {@code file:///x} */
    public boolean hasHost() {
        return record.host != null;
    }

    /** the port in decimal, "" when null (absent, or the scheme's default port) */
    public String port() {
        return record.port == -1 ? "" : Integer.toString(record.port);
    }

    /** the port; empty when null (absent, or the scheme's default port) */
    public OptionalInt portNumber() {
        return record.port == -1 ? OptionalInt.empty() : OptionalInt.of(record.port);
    }

    /** the serialized path: "/a/b" for hierarchical URLs, the opaque path for {@code mailto:x} */
    public String pathname() {
        return record.serializePath();
    }

    /** true when the path is opaque (non-special URL with no "/" after the scheme) */
    public boolean hasOpaquePath() {
        return record.hasOpaquePath();
    }

    /** "?" and the query, or "" when the query is null or empty */
    public String search() {
        return record.query == null || record.query.isEmpty() ? "" : "?" + record.query;
    }

    /** the query without "?"; empty when null (an empty query is present and "") */
    public Optional<String> query() {
        return Optional.ofNullable(record.query);
    }

    /** "#" and the fragment, or "" when the fragment is null or empty */
    public String hash() {
        return record.fragment == null || record.fragment.isEmpty() ? "" : "#" + record.fragment;
    }

    /** the fragment without "#"; empty when null */
    public Optional<String> fragment() {
        return Optional.ofNullable(record.fragment);
    }

    /** true when scheme is special (ftp, file, http, https, ws, wss) */
    public boolean isSpecial() {
        return record.isSpecial();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WhatwgUrl && ((WhatwgUrl) o).href.equals(href);
    }

    @Override
    public int hashCode() {
        return href.hashCode();
    }

    @Override
    public String toString() {
        return href;
    }
}
