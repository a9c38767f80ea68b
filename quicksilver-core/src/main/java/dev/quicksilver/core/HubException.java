package dev.quicksilver.core;

/**
 * A request the hub refuses, with the HTTP status that says why. The message is shown to the client,
 * so it names the field at fault and never echoes internal details.
 */
public class HubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int retryAfterSeconds;

    public HubException(int status, String message) {
        this(status, message, 0);
    }

    private HubException(int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds after which the client may try again ({@code Retry-After}, RFC 9110 §10.2.3); 0 when not said. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 503: the hub cannot take the request now, and says when to try again. */
    public static HubException unavailable(String message, int retryAfterSeconds) {
        return new HubException(503, message, retryAfterSeconds);
    }

    public static HubException badRequest(String message) {
        return new HubException(400, message);
    }

    public static HubException tooLarge(String message) {
        return new HubException(413, message);
    }
}
