package dev.quicksilver.client;

/**
 * A publish the hub refused or never answered: the hub's status and body, and a {@link Kind} to
 * branch on. The status is 0 when no answer came (connection refused, timeout).
 */
public class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the hub's status (draft-08 "Publication", RFC 6750 section 3.1). */
    public enum Kind {
        /** 400: the hub refused the form (a field, a topic, a target it does not serve). */
        BAD_REQUEST,
        /** 401: no token, or one the hub could not verify (signature, expiry, issuer, audience). */
        UNAUTHORIZED,
        /** 403: the token is valid but does not grant publishing on these topics or targets. */
        FORBIDDEN,
        /** 413: the body is over the hub's limit. */
        TOO_LARGE,
        /** 429: rate limited, after the retries. */
        TOO_MANY_REQUESTS,
        /** 503 or another 5xx, after the retries. */
        UNAVAILABLE,
        /** No answer: connection refused or reset, or the timeout passed. */
        NO_ANSWER,
        /** Any other status. */
        OTHER;

        static Kind of(int status) {
            switch (status) {
                case 0: return NO_ANSWER;
                case 400: return BAD_REQUEST;
                case 401: return UNAUTHORIZED;
                case 403: return FORBIDDEN;
                case 413: return TOO_LARGE;
                case 429: return TOO_MANY_REQUESTS;
                default: return status >= 500 ? UNAVAILABLE : OTHER;
            }
        }
    }

    private final int status;
    private final String body;
    private final Kind kind;

    public PublishException(int status, String body, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.body = body == null ? "" : body;
        this.kind = Kind.of(status);
    }

    /** The hub's HTTP status, or 0 when it never answered. */
    public int status() {
        return status;
    }

    /** The hub's answer body (its message), empty when none. */
    public String body() {
        return body;
    }

    public Kind kind() {
        return kind;
    }
}
