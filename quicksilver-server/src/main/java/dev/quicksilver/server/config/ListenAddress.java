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
        if (v.startsWith(":") || (v.contains(":") && !v.startsWith("https://"))) {
            ListenAddress a = parse(v);
            return new ListenAddress(null, a.port());
        }
        throw new IllegalArgumentException("\"" + value + "\" asks for automatic HTTPS (ACME), which this hub does "
                + "not do: give PEM files with tls-cert and tls-key and use SERVER_NAME=':443' (or ADDR), or terminate "
                + "TLS in a proxy");
    }
}
