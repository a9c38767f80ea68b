package dev.quicksilver.core.url;

/**
 * The URL Standard's special schemes and their default ports (§4.2). Special URLs get a host, a
 * list path, backslash-as-slash and default-port elision; everything else is opaque-ish.
 */
public final class SpecialSchemes {
    /** Ordered as the standard lists them; URL Pattern tests each against the protocol pattern. */
    private static final String[] SCHEMES = {"ftp", "file", "http", "https", "ws", "wss"};

    private SpecialSchemes() {}

    /** true for ftp, file, http, https, ws and wss (already lowercase, as a parsed scheme is). */
    public static boolean isSpecial(String scheme) {
        for (String s : SCHEMES) {
            if (s.equals(scheme)) {
                return true;
            }
        }
        return false;
    }

    /** the default port of a special scheme, or -1 when it has none (file, and every other scheme) */
    public static int defaultPort(String scheme) {
        switch (scheme) {
            case "ftp":
                return 21;
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            default:
                return -1;
        }
    }

    /** the special schemes, in the standard's order */
    public static String[] all() {
        return SCHEMES.clone();
    }
}
