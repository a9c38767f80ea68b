package dev.quicksilver.server.http;

/**
 * The path and raw query of a request target, in origin form or absolute form. Neither is decoded.
 */
public record RequestTarget(String path, String rawQuery) {

    public static RequestTarget of(String uri) {
        String target = uri;
        int scheme = target.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            int slash = target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        int q = target.indexOf('?');
        if (q < 0) {
            return new RequestTarget(target, "");
        }
        return new RequestTarget(target.substring(0, q), target.substring(q + 1));
    }
}
