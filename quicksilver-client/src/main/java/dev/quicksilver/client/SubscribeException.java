package dev.quicksilver.client;

/**
 * Why a subscription's connection failed or ended: the hub's status and body (status 0: no answer,
 * a reset or a dead stream), and whether the subscriber tries again.
 */
public final class SubscribeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;
    private final boolean willReconnect;

    SubscribeException(int status, String body, boolean willReconnect, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.body = body;
        this.willReconnect = willReconnect;
    }

    /** The hub's HTTP status, or 0 when there was no answer (refused, reset, timed out, dead stream). */
    public int status() {
        return status;
    }

    /** The hub's answer ("" when there was none). */
    public String body() {
        return body;
    }

    /** True when the subscriber reconnects after this; false when it gave up (e.g. 401, 403, 400). */
    public boolean willReconnect() {
        return willReconnect;
    }
}
