package dev.quicksilver.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cookie that carries a subscriber's token to the hub, for browsers whose {@code EventSource}
 * cannot send an {@code Authorization} header (draft-08 "Authorization": the cookie is the
 * browser's way). Framework-neutral: {@link #toSetCookie()} gives the {@code Set-Cookie} header
 * value (RFC 6265 section 4.1), and the getters let a framework build its own cookie object.
 *
 * <p>Built the way symfony/mercure builds it: {@code Path} is the path of the hub's public URL, the
 * cookie is {@code HttpOnly} (scripts never read the token), {@code Secure} when the hub is served
 * over https, {@code SameSite=Strict} by default. Its {@code Domain} comes from the hub's public URL
 * and the host of the request being answered:
 * <ul>
 *   <li>the same host: no {@code Domain} (a host-only cookie, sent to that host alone);</li>
 *   <li>different hosts of one site ({@code example.com} and {@code hub.example.com},
 *   {@code www.example.com} and {@code hub.example.com}): {@code Domain} is the longest suffix of
 *   two labels or more the two hosts share, so the browser that receives the cookie from the
 *   application sends it to the hub;</li>
 *   <li>anything else: refused ({@link IllegalArgumentException}), because a browser would drop a
 *   cookie whose domain does not match the response's host, and the subscriber would then be
 *   silently anonymous.</li>
 * </ul>
 * Without a public suffix list, two hosts sharing only a public suffix ({@code a.co.uk},
 * {@code b.co.uk}) get {@code Domain=co.uk}, which browsers refuse; put the hub under the
 * application's own domain.
 *
 * <p>Two names: {@link #LEGACY_NAME} ({@code mercureAuthorization}), which 0.x and seed-era hubs
 * read, and {@link #ACCESS_TOKEN_NAME} ({@code __Secure-mercure_access_token}) for 1.0 access
 * tokens. The {@code __Secure-} prefix requires {@code Secure} (RFC 6265bis "Cookie Name Prefixes"),
 * so that name needs an https hub.
 */
public final class AuthorizationCookie {
    /** The cookie 0.x and seed-era hubs read the token from. */
    public static final String LEGACY_NAME = "mercureAuthorization";
    /** The cookie 1.0 hubs read an access token from (advertised as {@code mercure_cookie}). */
    public static final String ACCESS_TOKEN_NAME = "__Secure-mercure_access_token";

    /** The {@code SameSite} attribute (RFC 6265bis). */
    public enum SameSite { STRICT, LAX, NONE }

    private final String name;
    private final String value;
    private final @Nullable String domain;
    private final String path;
    private final @Nullable Duration maxAge;
    private final boolean secure;
    private final SameSite sameSite;

    private AuthorizationCookie(String name, String value, @Nullable String domain, String path,
            @Nullable Duration maxAge, boolean secure, SameSite sameSite) {
        this.name = name;
        this.value = value;
        this.domain = domain;
        this.path = path;
        this.maxAge = maxAge;
        this.secure = secure;
        this.sameSite = sameSite;
    }

    /** A cookie for the hub at this public URL (the URL browsers subscribe to). */
    public static Builder forHub(String hubPublicUrl) {
        return new Builder(hubPublicUrl);
    }

    public String name() {
        return name;
    }

    /** The token; empty in a clearing cookie. */
    public String value() {
        return value;
    }

    /** The {@code Domain} attribute, or null for a host-only cookie. */
    public @Nullable String domain() {
        return domain;
    }

    public String path() {
        return path;
    }

    /** How long the browser keeps it; null for a session cookie, zero for a clearing one. */
    public @Nullable Duration maxAge() {
        return maxAge;
    }

    public boolean secure() {
        return secure;
    }

    /** Always true: the token is for the hub, never for scripts. */
    public boolean httpOnly() {
        return true;
    }

    public SameSite sameSite() {
        return sameSite;
    }

    /**
     * The cookie that removes this one (logout): same name, domain and path, an empty value and
     * {@code Max-Age=0} (a browser matches a cookie to delete by name, domain and path).
     */
    public AuthorizationCookie cleared() {
        return new AuthorizationCookie(name, "", domain, path, Duration.ZERO, secure, sameSite);
    }

    /** The value of a {@code Set-Cookie} header. */
    public String toSetCookie() {
        StringBuilder s = new StringBuilder(name).append('=').append(value);
        if (maxAge != null) {
            s.append("; Max-Age=").append(maxAge.toSeconds());
            if (maxAge.isZero()) {
                // for clients older than Max-Age (RFC 6265 section 5.2.2 lets Max-Age win when both are there)
                s.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
            }
        }
        if (domain != null) {
            s.append("; Domain=").append(domain);
        }
        s.append("; Path=").append(path);
        if (secure) {
            s.append("; Secure");
        }
        s.append("; HttpOnly; SameSite=").append(switch (sameSite) {
            case STRICT -> "Strict";
            case LAX -> "Lax";
            case NONE -> "None";
        });
        return s.toString();
    }

    @Override
    public String toString() {
        return name + " for " + (domain == null ? "this host" : domain) + path;
    }

    /**
     * The cookie's settings; {@link #build} (or {@link #clearing}) checks them against the host of
     * the request being answered.
     */
    public static final class Builder {
        private final URI hub;
        private String name = LEGACY_NAME;
        private @Nullable Duration maxAge;
        private SameSite sameSite = SameSite.STRICT;

        private Builder(String hubPublicUrl) {
            URI uri = URI.create(Objects.requireNonNull(hubPublicUrl, "hubPublicUrl"));
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException("A hub's public URL is an absolute http(s) URL: " + hubPublicUrl);
            }
            this.hub = uri;
        }

        /** The 0.x / seed-era name, {@code mercureAuthorization} (the default). */
        public Builder legacy() {
            name = LEGACY_NAME;
            return this;
        }

        /** The 1.0 name, {@code __Secure-mercure_access_token} (needs an https hub). */
        public Builder accessToken() {
            name = ACCESS_TOKEN_NAME;
            return this;
        }

        /** Another name (a hub configured with its own {@code cookie-name}). */
        public Builder name(String value) {
            if (value == null || value.isEmpty() || !isToken(value)) {
                throw new IllegalArgumentException("A cookie name is an RFC 9110 token: " + value);
            }
            name = value;
            return this;
        }

        /**
         * How long the browser keeps it: match the token's lifetime, so the browser drops the cookie
         * when the hub would refuse the token. Null (the default): until the browser closes.
         */
        public Builder maxAge(@Nullable Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("maxAge must be positive: " + value);
            }
            maxAge = value;
            return this;
        }

        /** {@code Strict} by default; {@code None} needs an https hub (browsers require Secure with it). */
        public Builder sameSite(SameSite value) {
            sameSite = Objects.requireNonNull(value, "sameSite");
            return this;
        }

        /**
         * The cookie carrying this token, in the answer to a request for this host (its {@code Host}
         * header, without the port).
         *
         * @throws IllegalArgumentException the hub is on another site than this host, or the
         *     settings need https and the hub is http, or the token is not a cookie value
         */
        public AuthorizationCookie build(String token, String requestHost) {
            Objects.requireNonNull(token, "token");
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                // RFC 6265 section 4.1.1 cookie-octet: a JWT (base64url and dots) always is one
                if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
                    throw new IllegalArgumentException("A token in a cookie must not contain '" + c
                            + "' (RFC 6265 cookie-octet); a JWT never does.");
                }
            }
            return new AuthorizationCookie(name, token, domain(requestHost), path(), maxAge, secure(), sameSite);
        }

        /** The cookie that removes the one {@link #build} gives for this host. */
        public AuthorizationCookie clearing(String requestHost) {
            return new AuthorizationCookie(name, "", domain(requestHost), path(), Duration.ZERO, secure(), sameSite);
        }

        private String path() {
            String p = hub.getRawPath();
            return p == null || p.isEmpty() ? "/" : p;
        }

        private boolean secure() {
            boolean https = "https".equalsIgnoreCase(hub.getScheme());
            if (!https && name.startsWith("__Secure-")) {
                throw new IllegalArgumentException("The cookie " + name + " needs Secure, so an https hub: " + hub);
            }
            if (!https && sameSite == SameSite.NONE) {
                throw new IllegalArgumentException("SameSite=None needs Secure, so an https hub: " + hub);
            }
            return https;
        }

        private @Nullable String domain(String requestHost) {
            String hubHost = hub.getHost().toLowerCase(Locale.ROOT);
            String host = stripPort(Objects.requireNonNull(requestHost, "requestHost")).toLowerCase(Locale.ROOT);
            if (hubHost.equals(host)) {
                return null;
            }
            String[] a = hubHost.split("\\.");
            String[] b = host.split("\\.");
            int shared = 0;
            while (shared < a.length && shared < b.length
                    && a[a.length - 1 - shared].equals(b[b.length - 1 - shared])) {
                shared++;
            }
            // an IP address has no parent domain: only the same address shares cookies
            if (shared < 2 || isIpLiteral(hubHost) || isIpLiteral(host)) {
                throw new IllegalArgumentException("The hub " + hubHost + " is on another site than " + host
                        + ": a cookie set by " + host + " cannot reach it. Serve the hub under " + host
                        + "'s domain, or send the token in an Authorization header.");
            }
            StringBuilder d = new StringBuilder();
            for (int i = a.length - shared; i < a.length; i++) {
                d.append(d.length() == 0 ? "" : ".").append(a[i]);
            }
            return d.toString();
        }

        private static String stripPort(String host) {
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                return end < 0 ? host : host.substring(0, end + 1);
            }
            int colon = host.indexOf(':');
            return colon < 0 ? host : host.substring(0, colon);
        }

        private static boolean isIpLiteral(String host) {
            return host.startsWith("[") || host.matches("[0-9.]+");
        }

        private static boolean isToken(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
