package dev.quicksilver.loadtest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How the tool talks to the server under test, so that a Mercure hub and a peer measured against
 * it (Nchan, the nginx pub/sub module) get the same load from the same code.
 */
public enum Protocol {
    /**
     * Mercure: {@code GET hub?topic=T} to subscribe (T a topic, or a URI Template with
     * {@code --templates}), {@code POST hub} with {@code topic=T&data=D}.
     */
    MERCURE,
    /**
     * Nchan: {@code GET <base>sub/<j>} ({@code nchan_subscriber eventsource}, one channel per topic)
     * and {@code POST <base>pub/<j>} with the data as the body.
     */
    NCHAN;

    /** The request target that subscribes to topic {@code j}. */
    public String subscribeTarget(Settings s, int j) {
        return subscribeTarget(s, s.hub(), j);
    }

    /** The request target that subscribes to topic {@code j} on {@code hub}. */
    public String subscribeTarget(Settings s, HubTarget hub, int j) {
        if (this == NCHAN) {
            return base(hub) + "sub/" + j;
        }
        return hub.subscribeTarget(encode(s.plan().selector(j)));
    }

    /** The request line and headers of a publish to topic {@code j}, up to and including {@code Content-Length: }. */
    public byte[] publishHead(Settings s, int j) {
        return publishHead(s, s.hub(), j);
    }

    /** The request line and headers of a publish to topic {@code j} on {@code hub}. */
    public byte[] publishHead(Settings s, HubTarget hub, int j) {
        String target = this == NCHAN ? base(hub) + "pub/" + j : hub.pathAndQuery();
        String type = this == NCHAN ? "text/plain" : "application/x-www-form-urlencoded";
        return ("POST " + target + " HTTP/1.1\r\n"
                + "Host: " + hub.hostHeader() + "\r\n"
                + "User-Agent: quicksilver-loadtest\r\n"
                + "Content-Type: " + type + "\r\n"
                + (s.publisherToken() == null ? "" : "Authorization: Bearer " + s.publisherToken() + "\r\n")
                + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** What precedes the data in the body of publish {@code seq} (see {@link TopicPlan#publishTopic}). */
    public byte[] bodyPrefix(Settings s, long seq) {
        if (this == NCHAN) {
            return new byte[0];
        }
        return ("topic=" + encode(s.plan().publishTopic(seq)) + "&data=").getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String base(HubTarget hub) {
        String path = hub.pathAndQuery();
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        return path.endsWith("/") ? path : path + "/";
    }
}
