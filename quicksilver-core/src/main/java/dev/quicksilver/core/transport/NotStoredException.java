package dev.quicksilver.core.transport;

/**
 * The failure of a publish whose update could not be stored (the disk is full, the heap is): the
 * publisher is answered 503. The transport has logged why already, at most a line every few
 * seconds ({@link StorageHealth}), so whoever receives this need not log it again.
 */
public final class NotStoredException extends RuntimeException {
    public NotStoredException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
