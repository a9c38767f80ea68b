package dev.quicksilver.server.http;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.auth.TokenVerifier;
import dev.quicksilver.core.form.FormData;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the token of a request and verifies it. Order: the {@code Authorization} header (when
 * present it is the only one looked at), then the {@code authorization} query parameter (only
 * where enabled), then the cookie. A token from a cookie publishes only from an allowed origin,
 * because a browser sends cookies along with cross-site requests (CSRF).
 */
public final class Credentials {
    /** A JWS in compact form: three base64url parts. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    private static final String DEFAULT_COOKIE = "mercureAuthorization";

    private enum Source { HEADER, QUERY, COOKIE }

    private record Token(String value, Source source) {}

    private final TokenVerifier publishers;
    private final TokenVerifier subscribers;
    private final boolean anonymous;
    private final String cookieName;
    private final boolean queryTokens;
    private final List<String> publishOrigins;

    public Credentials(TokenVerifier publishers, TokenVerifier subscribers, boolean anonymous, String cookieName,
            boolean queryTokens, List<String> publishOrigins) {
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.anonymous = anonymous;
        this.cookieName = cookieName;
        this.queryTokens = queryTokens;
        this.publishOrigins = List.copyOf(publishOrigins);
    }

    /** The subscriber: verified, or anonymous where allowed. An invalid token is never downgraded to anonymous. */
    public Principal subscriber(HttpRequest request, FormData query) {
        Token token = find(request, query);
        if (token == null) {
            if (anonymous) {
                return Anonymous.INSTANCE;
            }
            throw AuthException.missingToken("Subscribing requires a token.");
        }
        return subscribers.verify(token.value());
    }

    /** A subscriber who must present a token (the subscriptions API). */
    public Principal identifiedSubscriber(HttpRequest request, FormData query) {
        Token token = find(request, query);
        if (token == null) {
            throw AuthException.missingToken("This resource requires a token.");
        }
        return subscribers.verify(token.value());
    }

    public Principal publisher(HttpRequest request, FormData query) {
        Token token = find(request, query);
        if (token == null) {
            throw AuthException.missingToken("Publishing requires a token.");
        }
        Principal principal = publishers.verify(token.value());
        if (token.source() == Source.COOKIE) {
            checkOrigin(request);
        }
        return principal;
    }

    private Token find(HttpRequest request, FormData query) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null) {
            return new Token(bearer(header), Source.HEADER);
        }
        if (queryTokens) {
            String value = query.first("authorization");
            if (value != null && !value.isEmpty()) {
                return new Token(value, Source.QUERY);
            }
        }
        String cookies = request.headers().get(HttpHeaderNames.COOKIE);
        if (cookies == null) {
            return null;
        }
        // The configured cookie first; the 0.x default name after it, for clients that still send it.
        String fallback = null;
        for (Cookie cookie : ServerCookieDecoder.LAX.decode(cookies)) {
            if (cookie.value().isEmpty()) {
                continue;
            }
            if (cookie.name().equals(cookieName)) {
                return new Token(cookie.value(), Source.COOKIE);
            }
            if (cookie.name().equals(DEFAULT_COOKIE) && fallback == null) {
                fallback = cookie.value();
            }
        }
        return fallback == null ? null : new Token(fallback, Source.COOKIE);
    }

    private static String bearer(String header) {
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw AuthException.invalidRequest("The Authorization header must be \"Bearer <token>\".");
        }
        String token = h.substring(7).strip();
        if (!COMPACT_JWS.matcher(token).matches()) {
            throw AuthException.invalidRequest("The bearer token is not a JWS in compact form.");
        }
        return token;
    }

    private void checkOrigin(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || origin.equals("null")) {
            origin = originOf(request.headers().get(HttpHeaderNames.REFERER));
        }
        if (origin == null) {
            throw AuthException.invalidRequest(
                    "A publish authorized by cookie must come with an Origin or Referer header.");
        }
        if (!originAllowed(origin)) {
            throw AuthException.invalidRequest("The origin " + origin + " may not publish with the cookie.");
        }
    }

    boolean originAllowed(String origin) {
        for (String allowed : publishOrigins) {
            if (allowed.equals("*") || allowed.equals(origin) || wildcardMatches(allowed, origin)) {
                return true;
            }
        }
        return false;
    }

    /** {@code https://*.example.com} matches {@code https://a.example.com} and {@code https://a.b.example.com}. */
    private static boolean wildcardMatches(String allowed, String origin) {
        int star = allowed.indexOf("://*.");
        if (star < 0) {
            return false;
        }
        String prefix = allowed.substring(0, star + 3);
        String suffix = allowed.substring(star + 4);
        return origin.startsWith(prefix) && origin.endsWith(suffix)
                && origin.length() > prefix.length() + suffix.length();
    }

    private static String originOf(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI uri = URI.create(referer);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
