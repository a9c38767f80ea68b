package dev.quicksilver.core.auth;

import dev.quicksilver.core.HubException;

/**
 * A refused authorization, answered with a Bearer challenge as in Mercure 1.0 (RFC 6750): 401 with
 * no error code when no token was sent, 401 {@code invalid_token}, 403 {@code insufficient_scope},
 * 400 {@code invalid_request} for a malformed credential or a cross-site publish. Its
 * {@link #reason()} says which, finer than the status (an expired token, a cross-site publish).
 */
public final class AuthException extends HubException {
    private static final long serialVersionUID = 1L;

    /** Why a request was refused, in words an operator counts (the label of a metric). */
    public enum Reason {
        /** No token where one is required. */
        MISSING_TOKEN("missing_token"),
        /** The credential is not a bearer token in compact JWS form. */
        MALFORMED_TOKEN("malformed_token"),
        /** Bad signature, unknown key or issuer, wrong audience, malformed claims, not valid yet. */
        INVALID_TOKEN("invalid_token"),
        /** The token's {@code exp} has passed. */
        EXPIRED_TOKEN("expired_token"),
        /** A valid token that does not grant the operation. */
        INSUFFICIENT_SCOPE("insufficient_scope"),
        /** A publish authorized by cookie from an origin that may not publish (cross-site request forgery). */
        CROSS_ORIGIN("cross_origin");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String error;
    private final Reason reason;

    private AuthException(int status, String error, Reason reason, String message) {
        super(status, message);
        this.error = error;
        this.reason = reason;
    }

    /** The RFC 6750 error code for the challenge, or null for a bare challenge. */
    public String error() {
        return error;
    }

    public Reason reason() {
        return reason;
    }

    public static AuthException missingToken(String message) {
        return new AuthException(401, null, Reason.MISSING_TOKEN, message);
    }

    public static AuthException invalidToken(String message) {
        return new AuthException(401, "invalid_token", Reason.INVALID_TOKEN, message);
    }

    /** An expired token: {@code invalid_token} on the wire, as any other. */
    public static AuthException expired(String message) {
        return new AuthException(401, "invalid_token", Reason.EXPIRED_TOKEN, message);
    }

    public static AuthException insufficientScope(String message) {
        return new AuthException(403, "insufficient_scope", Reason.INSUFFICIENT_SCOPE, message);
    }

    /** A credential in the wrong form (not {@code Bearer <JWS>}). */
    public static AuthException invalidRequest(String message) {
        return new AuthException(400, "invalid_request", Reason.MALFORMED_TOKEN, message);
    }

    /**
     * The same refusal with one more sentence of explanation: what was tried (the token's header,
     * where it was found, which keys). The wire status, error code and reason stay the same.
     */
    public AuthException explained(String sentence) {
        return new AuthException(status(), error, reason, getMessage() + " " + sentence);
    }

    /**
     * A value taken from a request (a token's {@code kid}, {@code iss}, a topic), fit to quote in a
     * message that is answered and logged: at most 100 characters, control characters replaced, so
     * a hostile token can neither forge log lines nor bloat answers.
     */
    public static String quote(Object untrusted) {
        String text = String.valueOf(untrusted);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 100) + 2).append('"');
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.append(text.length() > 100 ? "…\"" : "\"").toString();
    }

    /** A publish by cookie without an allowed origin: {@code invalid_request} on the wire. */
    public static AuthException crossOrigin(String message) {
        return new AuthException(400, "invalid_request", Reason.CROSS_ORIGIN, message);
    }
}
