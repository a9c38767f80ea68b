package dev.quicksilver.server.http;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.auth.AuthException;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.auth.TokenVerifier;
import dev.quicksilver.core.form.FormData;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the token of a request and verifies it. Order: the {@code Authorization} header (when
 * present it is the only one looked at), then the {@code authorization} query parameter (only
 * where enabled), then the cookie. A token from a cookie publishes only from an allowed origin,
 * because a browser sends cookies along with cross-site requests (CSRF).
 */
public final class Credentials {
    private enum Source { HEADER, QUERY, COOKIE }

    /** @param cookie the cookie's name when the source is a cookie, else null */
    private record Token(String value, Source source, String cookie) {
        /** Where the token was found, for the reason of a refusal. */
        String where() {
            return switch (source) {
                case HEADER -> "the Authorization header";
                case QUERY -> "the authorization query parameter";
                case COOKIE -> "the cookie " + AuthException.quote(cookie);
            };
        }
    }

    private final TokenVerifier publishers;
    private final TokenVerifier subscribers;
    private final boolean anonymous;
    private final List<String> cookieNames;
    private final boolean queryTokens;
    private final List<String> publishOrigins;

    /**
     * @param cookieNames the cookies that may carry a token, in order of preference (the 1.0 access
     *     token cookie, then the configured 0.x one, then {@code mercureAuthorization})
     */
    public Credentials(TokenVerifier publishers, TokenVerifier subscribers, boolean anonymous, List<String> cookieNames,
            boolean queryTokens, List<String> publishOrigins) {
        this.publishers = publishers;
        this.subscribers = subscribers;
        this.anonymous = anonymous;
        this.cookieNames = List.copyOf(new java.util.LinkedHashSet<>(cookieNames));
        this.queryTokens = queryTokens;
        this.publishOrigins = List.copyOf(publishOrigins);
    }

    /**
     * The subscriber: verified, or anonymous where allowed. An invalid token is never downgraded to
     * anonymous. Completes at once, unless a JWK Set must be fetched for an unknown key id (then on
     * another thread); a refusal completes it exceptionally with the {@link AuthException}.
     */
    public CompletionStage<Principal> subscriber(RequestHead request, FormData query) {
        Token token;
        try {
            token = find(request, query);
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (token == null) {
            return anonymous ? CompletableFuture.completedFuture(Anonymous.INSTANCE)
                    : CompletableFuture.failedFuture(AuthException.missingToken("Subscribing requires a token (this "
                            + "hub does not allow anonymous subscribers): " + notFound(request, query)));
        }
        return verify(subscribers, token, "a subscriber's");
    }

    /** Verifies the token; a refusal says where the token was found and for which role it was checked. */
    private static CompletionStage<Principal> verify(TokenVerifier verifier, Token token, String role) {
        CompletableFuture<Principal> result = new CompletableFuture<>();
        verifier.verifyAsync(token.value()).whenComplete((principal, failure) -> {
            if (failure instanceof AuthException e) {
                result.completeExceptionally(e.explained("It was found in " + token.where() + " and checked as "
                        + role + " token."));
            } else if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(principal);
            }
        });
        return result;
    }

    /** Where a token was looked for and not found, as the end of a refusal. */
    private String notFound(RequestHead request, FormData query) {
        StringBuilder where = new StringBuilder("none was found in the Authorization header (\"Bearer <token>\")");
        if (queryTokens) {
            where.append(", the authorization query parameter");
        }
        where.append(" or the cookie").append(cookieNames.size() > 1 ? "s " : " ")
                .append(String.join(", ", cookieNames.stream().map(AuthException::quote).toList())).append('.');
        if (request.cookie() != null) {
            where.append(" The request has cookies, none of them by these names with a value.");
        }
        String inQuery = query.first("authorization");
        if (inQuery != null && !inQuery.isEmpty()) {
            where.append(queryTokens ? " The authorization query parameter holds a 1.0 access token, which is never "
                    + "accepted in a URL." : " The authorization query parameter is ignored: this hub does not read "
                    + "tokens in URLs (authorization-query).");
        }
        return where.toString();
    }

    /** A subscriber who must present a token (the subscriptions API). */
    public CompletionStage<Principal> identifiedSubscriber(RequestHead request, FormData query) {
        Token token;
        try {
            token = find(request, query);
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (token == null) {
            return CompletableFuture.failedFuture(AuthException.missingToken("This resource requires a token: "
                    + notFound(request, query)));
        }
        return verify(subscribers, token, "a subscriber's");
    }

    public CompletionStage<Principal> publisher(RequestHead request, FormData query) {
        Token token;
        try {
            token = find(request, query);
            if (token == null) {
                throw AuthException.missingToken("Publishing requires a token: " + notFound(request, query));
            }
            if (token.source() == Source.COOKIE) {
                checkOrigin(request);
            }
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        return verify(publishers, token, "a publisher's");
    }

    private Token find(RequestHead request, FormData query) {
        String header = request.authorization();
        if (header != null) {
            return new Token(bearer(header), Source.HEADER, null);
        }
        if (queryTokens) {
            String value = query.first("authorization");
            // 1.0 forbids tokens in URLs (they end up in logs): such a token is ignored, not used.
            if (value != null && !value.isEmpty() && !TokenVerifier.isAccessToken(value)) {
                return new Token(value, Source.QUERY, null);
            }
        }
        String cookies = request.cookie();
        if (cookies == null) {
            return null;
        }
        // The first of the known cookies, in order of preference: 1.0's, the configured one, 0.x's default.
        String[] found = new String[cookieNames.size()];
        for (Cookie cookie : ServerCookieDecoder.LAX.decode(cookies)) {
            int i = cookieNames.indexOf(cookie.name());
            if (i >= 0 && !cookie.value().isEmpty() && found[i] == null) {
                found[i] = cookie.value();
            }
        }
        for (int i = 0; i < found.length; i++) {
            if (found[i] != null) {
                return new Token(found[i], Source.COOKIE, cookieNames.get(i));
            }
        }
        return null;
    }

    private static String bearer(String header) {
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw AuthException.invalidRequest("The Authorization header must be \"Bearer <token>\" (the scheme "
                    + "Bearer, a space, then the JWT).");
        }
        String token = h.substring(7).strip();
        if (!isCompactJws(token)) {
            throw AuthException.invalidRequest("The bearer token is not a JWS in compact form (three base64url parts "
                    + "separated by dots); check that it is not quoted or cut.");
        }
        return token;
    }

    /** Three base64url parts separated by dots, the first not empty: checked by hand, as it runs on every request. */
    static boolean isCompactJws(String token) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (dots == 0 && partLength == 0) {
                    return false;
                }
                dots++;
                partLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-') {
                partLength++;
            } else {
                return false;
            }
        }
        return dots == 2;
    }

    private void checkOrigin(RequestHead request) {
        String origin = request.origin();
        if (origin == null || origin.equals("null")) {
            origin = originOf(request.referer());
        }
        if (origin == null) {
            throw AuthException.crossOrigin(
                    "A publish authorized by cookie must come with an Origin or Referer header (or send the token in "
                            + "the Authorization header).");
        }
        if (!originAllowed(origin)) {
            throw AuthException.crossOrigin("The origin " + AuthException.quote(origin) + " may not publish with the "
                    + "cookie: add it to publish-origins, or send the token in the Authorization header.");
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
