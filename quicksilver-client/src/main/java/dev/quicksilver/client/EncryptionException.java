package dev.quicksilver.client;

/**
 * End-to-end encryption refused: a key or algorithm that is not allowed, a payload that does not
 * decrypt, or one that is stale or replayed.
 */
public final class EncryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }

    EncryptionException(String message) {
        super(message);
    }
}
