package dev.quicksilver.spring;

import dev.quicksilver.client.AuthorizationCookie;
import java.time.Duration;
import java.util.List;
import org.springframework.http.ResponseCookie;

/**
 * The authorization cookie (Mercure draft "Authorization") as Spring's {@link ResponseCookie}: a
 * subscriber token in a cookie the browser sends to the hub with its {@code EventSource} request,
 * so that a page may read private updates without holding the token in script. Set it on the
 * response of the page that subscribes:
 * {@code response.addHeader(HttpHeaders.SET_COOKIE, cookies.authorization(request.getServerName(), topics).toString())}.
 *
 * <p>The rules are the client's {@link AuthorizationCookie}: {@code HttpOnly}, {@code SameSite=Strict},
 * {@code Secure} for an https hub, the hub's path; a {@code Domain} shared by the page's host and the
 * hub's; refused when the hub is on another site, since the browser would never send it the cookie.
 */
public final class MercureCookies {
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final MercureHubs hubs;

    public MercureCookies(MercureHubs hubs) {
        this.hubs = hubs;
    }

    /** A cookie for the default hub granting these topic selectors, for a page served from this host. */
    public ResponseCookie authorization(String requestHost, List<String> topics) {
        return authorization(hubs.defaultName(), requestHost, topics);
    }

    /**
     * A cookie for this hub granting these topic selectors (and the hub's {@code jwt.subscribe}).
     *
     * @param requestHost the host the page was served from ({@code request.getServerName()})
     * @throws IllegalArgumentException the hub is on another site than the page
     * @throws IllegalStateException the application has no key for this hub
     */
    public ResponseCookie authorization(String hub, String requestHost, List<String> topics) {
        HubEndpoint endpoint = hubs.get(hub);
        return spring(builder(endpoint).maxAge(LIFETIME).build(endpoint.subscriberToken(topics), requestHost));
    }

    /** A cookie that removes the default hub's authorization cookie (on logout). */
    public ResponseCookie clear(String requestHost) {
        return clear(hubs.defaultName(), requestHost);
    }

    /** A cookie that removes this hub's authorization cookie. */
    public ResponseCookie clear(String hub, String requestHost) {
        return spring(builder(hubs.get(hub)).clearing(requestHost));
    }

    private static AuthorizationCookie.Builder builder(HubEndpoint hub) {
        return AuthorizationCookie.forHub(hub.publicUrl()).name(hub.cookieName());
    }

    private static ResponseCookie spring(AuthorizationCookie cookie) {
        ResponseCookie.ResponseCookieBuilder spring = ResponseCookie.from(cookie.name(), cookie.value()).path(cookie.path())
                .httpOnly(cookie.httpOnly()).secure(cookie.secure()).sameSite(switch (cookie.sameSite()) {
                    case STRICT -> "Strict";
                    case LAX -> "Lax";
                    case NONE -> "None";
                });
        if (cookie.domain() != null) {
            spring.domain(cookie.domain());
        }
        if (cookie.maxAge() != null) {
            spring.maxAge(cookie.maxAge());
        }
        return spring.build();
    }
}
