package dev.quicksilver.server.config;

import java.util.Locale;

/**
 * How the event loops talk to the kernel: the {@code io-transport} setting. The choice is only
 * named here; the server turns it into Netty's event loops and channels.
 */
public enum IoTransport {
    /** epoll where available, else NIO; io_uring only when asked for (see EventLoops). */
    AUTO,
    /**
     * io_uring: writes queue as submission entries and reach the kernel together, a few
     * {@code io_uring_enter(2)} per turn of the loop, instead of one system call each.
     */
    IO_URING,
    /** epoll, with one {@code send(2)} per live delivery when {@code direct-send} is on. */
    EPOLL,
    /** The JDK's NIO selector: any platform, slowest. */
    NIO;

    static IoTransport parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (IoTransport t : values()) {
            if (t.label().equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected auto, io_uring, epoll or nio, got \"" + value + "\"");
    }

    /** The value as written in the configuration: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
