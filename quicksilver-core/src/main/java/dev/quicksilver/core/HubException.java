package dev.quicksilver.core;

/**
 * A request the hub refuses, with the HTTP status that says why. The message is shown to the client,
 * so it names the field at fault and never echoes internal details.
 */
public class HubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HubException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HubException badRequest(String message) {
        return new HubException(400, message);
    }

    public static HubException tooLarge(String message) {
        return new HubException(413, message);
    }
}
