package dev.quicksilver.server.sse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The fast path of a cleartext HTTP/1.1 stream: writes that skip the pipeline, and live deliveries
 * that go straight to the socket with one {@code send(2)}. It is the one place in the hub that uses
 * {@link Channel.Unsafe}, which Netty documents as for its transports' own use, not for user
 * code; this class keeps to what makes that use safe, and the {@code direct-send} setting turns
 * it off (every write then goes through the stream stage's context, as on TLS and HTTP/2).
 *
 * <p>Invariants, each relied upon:
 *
 * <ol>
 *   <li>Only when the stream's stage is the first of the pipeline ({@link #of} checks): no stage
 *       (TLS, HTTP/2 framing) sits between the stream and the socket to transform its bytes, so
 *       writing to the transport directly puts the same bytes on the wire as the pipeline would.
 *   <li>Only on the channel's event loop: the loop alone closes the channel, so between the open
 *       check and the {@code send(2)} in {@link #trySend} the descriptor cannot be closed and its
 *       number handed to another file.
 *   <li>A delivery goes to the socket only when nothing waits in the channel's outbound buffer:
 *       otherwise it would overtake bytes queued before it. What the socket does not take goes
 *       through the channel (see {@link #write}), which keeps the order and waits for the socket
 *       to drain, and later deliveries queue behind it.
 *   <li>The chunk must have a memory address (a direct buffer); the caller keeps ownership, and
 *       the kernel has copied the bytes by the time {@code send(2)} returns.
 *   <li>Only on epoll is a delivery sent with {@code send(2)}: epoll exposes its {@link Socket}, and
 *       its channel writes nothing behind the loop's back. On io_uring, the socket is there too, but
 *       a {@code send(2)} of our own would cost the one system call per delivery that io_uring
 *       saves: there a delivery is queued and flushed through the channel like any other, and the
 *       loop hands all the sends of a broadcast to the kernel together (see docs/architecture.md,
 *       "Batched deliveries on io_uring"). On NIO there is no socket to send on. On both, only the
 *       pipeline skip is used.
 * </ol>
 */
final class DirectSend {
    private final Channel channel;
    private final Channel.Unsafe unsafe;
    /** The socket, on epoll; else null. */
    private final @Nullable Socket socket;

    private DirectSend(Channel channel) {
        this.channel = channel;
        this.unsafe = channel.unsafe();
        this.socket = channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket s ? s : null;
    }

    /**
     * The fast path for this stream, or null when it does not apply (switched off, or a stage
     * between the stream and the socket, or an HTTP/2 stream's child channel).
     *
     * @param stream the stream stage's context, once the codec has left the pipeline
     */
    static @Nullable DirectSend of(boolean enabled, Channel channel, ChannelHandlerContext stream, boolean http2) {
        if (!enabled || http2 || channel.pipeline().first() != stream.handler()) {
            return null;
        }
        return new DirectSend(channel);
    }

    /**
     * Sends framed bytes straight to the socket, when the invariants allow.
     *
     * @return the bytes the socket took (maybe fewer than the chunk holds), or -1 when this chunk
     *     must go through {@link #write} instead (not on epoll, a heap buffer, or bytes already
     *     waiting in the channel)
     * @throws IOException when the peer is gone
     */
    int trySend(ByteBuf chunk) throws IOException {
        assert channel.eventLoop().inEventLoop() : "a direct send must run on the channel's event loop";
        if (socket == null || !chunk.hasMemoryAddress() || !channel.isOpen()) {
            return -1;
        }
        ChannelOutboundBuffer pending = unsafe.outboundBuffer();
        if (pending == null || pending.totalPendingWriteBytes() != 0) {
            return -1;
        }
        return socket.sendAddress(chunk.memoryAddress(), chunk.readerIndex(), chunk.writerIndex());
    }

    /** Queues framed bytes in the channel's outbound buffer, skipping the pipeline; takes ownership. */
    void write(ByteBuf chunk) {
        unsafe.write(chunk, unsafe.voidPromise());
    }

    void flush() {
        unsafe.flush();
    }
}
