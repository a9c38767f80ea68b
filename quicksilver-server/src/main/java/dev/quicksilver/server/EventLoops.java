package dev.quicksilver.server;

import dev.quicksilver.server.config.IoTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The event loops' kind ({@code io-transport}): which of Netty's I/O handlers runs them, and the
 * listener channel that goes with it (accepted connections are of the same kind).
 *
 * @param transport the one chosen: never {@link IoTransport#AUTO}
 * @param handler the loops' I/O handler
 * @param serverChannel the listeners' channel class
 */
record EventLoops(IoTransport transport, IoHandlerFactory handler, Class<? extends ServerChannel> serverChannel) {
    /**
     * Submission queue entries per io_uring event loop. Netty's default (128) makes the loop enter
     * the kernel every 128 queued writes; a broadcast writes once to each of the loop's subscribers,
     * thousands of them, and with this many entries their sends go in a few submissions (one per
     * 4,096 subscribers of the loop).
     */
    static final int RING_ENTRIES = 4096;
    /**
     * Completion queue entries per loop: the sends of one dispatch complete together, and a loop
     * may hold 10,000 subscribers and more; past the queue, the kernel keeps completions on a slower
     * overflow list (and Netty logs a warning). The rings take about 512 KiB per loop (64-byte
     * submission entries, 16-byte completions).
     */
    static final int COMPLETION_ENTRIES = 4 * RING_ENTRIES;

    /**
     * @throws IllegalStateException when the transport asked for explicitly cannot run here, with
     *     the reason (an old kernel, io_uring disabled by {@code kernel.io_uring_disabled} or a
     *     seccomp profile, another platform)
     */
    static EventLoops of(IoTransport wanted) {
        return switch (wanted) {
            // io_uring is taken only when asked for: on a quiet machine it cost the same CPU per
            // delivery as epoll on a broadcast, more per publish when publishes come one by one,
            // and 11-13 MB more resident memory at 15,000 subscribers, all of it Netty's own
            // objects and rings (docs/benchmarks.md, "Where the targets stand against the kernel").
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("io-transport=io_uring: io_uring is not available here ("
                            + IoUring.unavailabilityCause() + "); use auto, epoll or nio");
                }
                yield ioUring();
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("io-transport=epoll: epoll is not available here ("
                            + Epoll.unavailabilityCause() + "); use auto or nio");
                }
                yield epoll();
            }
            case NIO -> nio();
        };
    }

    private static EventLoops ioUring() {
        // IORING_SETUP_CQSIZE dates from Linux 5.5; Netty's io_uring needs 5.9.
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig().setRingSize(RING_ENTRIES).setCqSize(COMPLETION_ENTRIES);
        return new EventLoops(IoTransport.IO_URING, IoUringIoHandler.newFactory(config), IoUringServerSocketChannel.class);
    }

    private static EventLoops epoll() {
        return new EventLoops(IoTransport.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static EventLoops nio() {
        return new EventLoops(IoTransport.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
