package dev.quicksilver.loadtest;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The hub under test: its URL, parsed, and its address, which must be on this host's loopback
 * interface (127.0.0.0/8 or ::1). The tool generates enough load to take a server down, so it
 * refuses any other target.
 *
 * @param url the hub URL as given
 * @param hostHeader the Host header to send
 * @param address where to connect
 * @param pathAndQuery the request target of the hub URL (path, and query if any)
 */
public record HubTarget(String url, String hostHeader, InetSocketAddress address, String pathAndQuery) {

    /** Resolves a host name; the JDK's resolver by default, a fake one in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Parses and checks a hub URL with the system's resolver. */
    public static HubTarget parse(String url) {
        return parse(url, InetAddress::getAllByName);
    }

    /**
     * Parses and checks a hub URL.
     *
     * @throws IllegalArgumentException with a message for the user, when the URL is malformed, not
     *     http, or its host does not resolve to loopback addresses only
     */
    public static HubTarget parse(String url, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--hub is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new IllegalArgumentException("--hub: https is not supported yet; give the hub's cleartext http:// listener");
        }
        if (!scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("--hub must be an http:// URL with a host, such as "
                    + "http://127.0.0.1:3000/.well-known/mercure (got: " + url + ")");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--hub must not carry user info or a fragment: " + url);
        }
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--hub: cannot resolve host " + bare);
        }
        if (addresses.length == 0) {
            throw new IllegalArgumentException("--hub: cannot resolve host " + bare);
        }
        for (InetAddress a : addresses) {
            if (!isLoopback(a)) {
                throw new IllegalArgumentException("--hub: refusing to load " + bare + " (" + a.getHostAddress()
                        + "): this tool only loads hubs on this host's loopback interface (127.0.0.0/8 or ::1)");
            }
        }
        // Prefer IPv4: the subscribers can then spread over several 127.x source addresses.
        InetAddress chosen = Arrays.stream(addresses).filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(addresses[0]);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String hostHeader = uri.getPort() < 0 ? host : host + ":" + port;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new HubTarget(url, hostHeader, new InetSocketAddress(chosen, port), pathAndQuery);
    }

    /** 127.0.0.0/8 or ::1 (IPv4-mapped loopback included). */
    static boolean isLoopback(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return b[0] == 127;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        if (b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return b[12] == 127; // ::ffff:127.x.y.z
        }
        for (int i = 10; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /** Whether the hub is reached over IPv4, so that subscribers can bind 127.x source addresses. */
    public boolean ipv4() {
        return address.getAddress() instanceof Inet4Address;
    }

    /** The request target to subscribe to one topic (already URL-encoded). */
    public String subscribeTarget(String encodedTopic) {
        return pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "topic=" + encodedTopic;
    }
}
