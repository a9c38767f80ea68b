package dev.quicksilver.server.config;

/**
 * A listen address: {@code :3000}, {@code 127.0.0.1:3000}, {@code [::1]:3000}, {@code localhost:3000}.
 *
 * @param host null for every interface
 * @param port 0 for any free one
 */
public record ListenAddress(String host, int port) {

    /** As written in settings: {@code :3000}, {@code 127.0.0.1:3000}, {@code [::1]:3000}. */
    public String text() {
        String h = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    static ListenAddress parse(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected :port or host:port, got \"" + value + "\"");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port of \"" + value + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of \"" + value + "\" is out of range");
        }
        return new ListenAddress(host.isEmpty() ? null : host, port);
    }

    /**
     * The reference image's {@code SERVER_NAME} (a Caddy site address). Only plain-HTTP forms can be
     * honoured: {@code :80}, {@code host:port}, {@code http://host[:port]}.
     */
    static ListenAddress fromServerName(String value) {
        String v = value.trim();
        if (v.contains(",") || v.contains(" ")) {
            throw new IllegalArgumentException("several site addresses are not supported, got \"" + value + "\"");
        }
        if (v.startsWith("http://")) {
            String rest = v.substring("http://".length());
            return rest.contains(":") ? parse(rest) : new ListenAddress(null, 80);
        }
        if (isBareHost(v)) {
            return new ListenAddress(null, 443); // a bare domain: automatic HTTPS, as Caddy reads it
        }
        if (v.startsWith("https://")) {
            String rest = v.substring("https://".length());
            return rest.contains(":") ? new ListenAddress(null, parse(rest).port()) : new ListenAddress(null, 443);
        }
        if (v.startsWith(":") || v.contains(":")) {
            ListenAddress a = parse(v);
            return new ListenAddress(null, a.port());
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a site address (:port, host:port, "
                + "http://host[:port] or https://host[:port] for automatic HTTPS)");
    }

    private static boolean isBareHost(String v) {
        return !v.isEmpty() && !v.contains(":") && !v.contains("/");
    }

    /** The domain of an {@code https://host[:port]} {@code SERVER_NAME}, for ACME; null for the other forms. */
    static String httpsDomain(String serverName) {
        String v = serverName.trim();
        if (isBareHost(v)) {
            return v;
        }
        if (!v.startsWith("https://")) {
            return null;
        }
        String rest = v.substring("https://".length());
        return rest.contains(":") ? rest.substring(0, rest.lastIndexOf(':')) : rest;
    }
}
