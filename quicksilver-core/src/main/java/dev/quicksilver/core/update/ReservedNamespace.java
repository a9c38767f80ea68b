package dev.quicksilver.core.update;

import dev.quicksilver.core.url.WhatwgUrl;
import java.util.Optional;

/**
 * Tells whether a topic addresses the hub's own namespace, {@code /.well-known/mercure} and below,
 * where the hub publishes subscription events: a publisher must not be able to forge them.
 *
 * <p>The topic is resolved as a URL reference against the hub URL by the WHATWG URL standard, the
 * same parsing URL Patterns match with (backslashes as slashes in special schemes, dot segments
 * including their percent-encoded forms, relative references merged with the hub path), and
 * percent-encoded unreserved characters are decoded before the comparison (RFC 3986 §6.2.2.2).
 * So {@code /.well-known/me%72cure/x} and {@code mercure/subscriptions/foo} (relative to
 * {@code /.well-known/mercure}) are reserved, while {@code urn:example:mercure} and
 * {@code https://example.com/foo/.well-known/mercure/bar} are not. The empty topic resolves to
 * the hub URL itself and is reserved too. Only the path counts, whatever the scheme or host.
 */
public final class ReservedNamespace {
    private static final String HUB_PATH = "/.well-known/mercure";
    /** Only the path of the result matters; {@code .invalid} (RFC 6761) cannot be a real host. */
    private static final String BASE = "https://mercure.invalid" + HUB_PATH;

    private ReservedNamespace() {}

    public static boolean contains(String topic) {
        if (plainlyElsewhere(topic)) {
            return false;
        }
        Optional<WhatwgUrl> resolved = WhatwgUrl.parse(topic, BASE);
        if (resolved.isEmpty() || resolved.get().hasOpaquePath()) {
            return false; // not a hierarchical URL reference: it cannot address the hub's paths
        }
        String path = decodeUnreserved(resolved.get().pathname());
        return path.equals(HUB_PATH) || path.startsWith(HUB_PATH + "/");
    }

    /**
     * The common case, decided without parsing (a full WHATWG parse cost more than the rest of a
     * publish's checks): an absolute URL with an authority ({@code scheme://}) whose text holds
     * neither {@code well-known}, nor a percent sign, nor a tab or line break (which the parser
     * removes). Its path is then its own text after the authority, where dot segments and
     * backslashes can only remove or separate segments, never spell the hub's path.
     */
    private static boolean plainlyElsewhere(String topic) {
        int colon = topic.indexOf("://");
        if (colon <= 0 || !isAsciiLetter(topic.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = topic.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        for (int i = colon; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '%' || c == '\t' || c == '\n' || c == '\r') {
                return false;
            }
        }
        return !topic.contains("well-known");
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String decodeUnreserved(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && isUnreserved((char) (hi << 4 | lo))) {
                    out.append((char) (hi << 4 | lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
