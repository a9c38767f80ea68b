package dev.quicksilver.sqlite;

/**
 * The durable history cannot be opened or written. The message names the file and says what to
 * do, because it is what an operator reads when the hub refuses to start.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
