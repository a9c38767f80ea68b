package dev.quicksilver.core.auth;

import dev.quicksilver.core.update.Update;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking, and what the token grants. The three kinds never mix: a targets-dialect token
 * never reads a 0.x private update, a legacy token never reads a targeted one. Immutable.
 */
public sealed interface Principal permits Anonymous, LegacyPrincipal, TargetsPrincipal, OAuthPrincipal {

    /** When the token expires; streams end then. Null when it never does. */
    @Nullable Instant expiresAt();

    /** May this principal receive the update? Public updates: always. Private or targeted: per dialect. */
    boolean canRead(Update update);

    /** @throws AuthException (403) when the token does not grant publishing this update */
    void authorizePublish(Update update);

    /** Does the token grant subscribing to this topic (used for the subscriptions API)? */
    boolean grantsSubscribe(String topic);

    /** The token's {@code sub} claim; null when none. */
    default @Nullable String subject() {
        return null;
    }

    /** Who holds the token, for connection limits: its subject (with its issuer where there are several); null when unknown. */
    default @Nullable String client() {
        return subject();
    }

    /** The {@code payload} claim to attach to subscription events, or null. */
    default @Nullable Object payload() {
        return null;
    }

    /**
     * The payload for a subscription with this matcher string. 0.x tokens have one payload for
     * every subscription; 1.0 tokens take it from the first subscribe grant matching the string.
     */
    default Object payload(String match) {
        return payload();
    }
}
