package dev.quicksilver.core.auth;

import dev.quicksilver.core.HubException;

/**
 * A refused authorization, answered with a Bearer challenge as in Mercure 1.0 (RFC 6750): 401 with
 * no error code when no token was sent, 401 {@code invalid_token}, 403 {@code insufficient_scope},
 * 400 {@code invalid_request} for a malformed credential or a cross-site publish.
 */
public final class AuthException extends HubException {
    private static final long serialVersionUID = 1L;

    private final String error;

    private AuthException(int status, String error, String message) {
        super(status, message);
        this.error = error;
    }

    /** The RFC 6750 error code for the challenge, or null for a bare challenge. */
    public String error() {
        return error;
    }

    public static AuthException missingToken(String message) {
        return new AuthException(401, null, message);
    }

    public static AuthException invalidToken(String message) {
        return new AuthException(401, "invalid_token", message);
    }

    public static AuthException insufficientScope(String message) {
        return new AuthException(403, "insufficient_scope", message);
    }

    public static AuthException invalidRequest(String message) {
        return new AuthException(400, "invalid_request", message);
    }
}
