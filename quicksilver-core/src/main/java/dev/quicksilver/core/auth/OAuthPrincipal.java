package dev.quicksilver.core.auth;

import dev.quicksilver.core.update.Update;
import java.time.Instant;
import java.util.List;

/**
 * A 1.0 access token's grants: the Mercure authorization details it carries.
 *
 * @param details the Mercure details, in the token's order
 * @param issuer the {@code iss} claim
 * @param subject the {@code sub} claim, or null
 */
public record OAuthPrincipal(List<AuthorizationDetails.Detail> details, Instant expiresAt, String issuer, String subject)
        implements Principal {

    public OAuthPrincipal {
        details = List.copyOf(details);
    }

    @Override
    public boolean canRead(Update update) {
        if (!update.targets().isEmpty()) {
            return false;
        }
        if (!update.privateUpdate()) {
            return true;
        }
        for (AuthorizationDetails.Detail d : details) {
            if (d.subscribe() && d.matchesAny(update.topics())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void authorizePublish(Update update) {
        if (!update.targets().isEmpty()) {
            throw AuthException.insufficientScope(
                    "Targeted updates (the \"target\" field) need a token signed with a targets-dialect key.");
        }
        if (details.stream().noneMatch(AuthorizationDetails.Detail::publish)) {
            throw AuthException.insufficientScope("The token grants no publishing.");
        }
        for (String topic : update.topics()) {
            if (!grants(true, topic)) {
                throw AuthException.insufficientScope("The token does not grant publishing to \"" + topic + "\".");
            }
        }
    }

    @Override
    public boolean grantsSubscribe(String topic) {
        return grants(false, topic);
    }

    private boolean grants(boolean publish, String topic) {
        List<String> one = List.of(topic);
        for (AuthorizationDetails.Detail d : details) {
            if ((publish ? d.publish() : d.subscribe()) && d.matchesAny(one)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The payload of the first subscribe detail whose topics match the subscription's matcher
     * string (taken as a topic); details granting only {@code *} come last, as the default.
     */
    @Override
    public Object payload(String match) {
        List<String> one = List.of(match);
        AuthorizationDetails.Detail fallback = null;
        for (AuthorizationDetails.Detail d : details) {
            if (!d.subscribe()) {
                continue;
            }
            if (d.wildcardOnly()) {
                fallback = fallback == null ? d : fallback;
            } else if (d.matchesAny(one)) {
                return d.payload();
            }
        }
        return fallback == null ? null : fallback.payload();
    }

    @Override
    public String subject() {
        return subject;
    }

    /** Subjects are unique per issuer only: two issuers' "alice" are two clients. */
    @Override
    public String client() {
        return subject == null ? null : issuer + " " + subject;
    }
}
