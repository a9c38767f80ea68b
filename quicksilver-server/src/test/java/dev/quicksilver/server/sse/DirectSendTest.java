package dev.quicksilver.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When the fast path applies: only switched on, on a stream whose stage is first in the pipeline,
 * never HTTP/2; and where {@code send(2)} is used: on epoll only, never on io_uring, whose loop
 * submits the writes of a broadcast together.
 */
class DirectSendTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private ChannelHandlerContext stage(String name) {
        channel.pipeline().addLast(name, new ChannelHandlerAdapter() { });
        return channel.pipeline().context(name);
    }

    @Test
    @DisplayName("on: a stream whose stage is the first in the pipeline gets the fast path")
    void applies() {
        assertThat(DirectSend.of(true, channel, stage("stream"), false)).isNotNull();
    }

    @Test
    @DisplayName("off (direct-send=false): never")
    void switchedOff() {
        assertThat(DirectSend.of(false, channel, stage("stream"), false)).isNull();
    }

    @Test
    @DisplayName("a stage before the stream (TLS) or an HTTP/2 stream: never")
    void notApplicable() {
        stage("tls");
        assertThat(DirectSend.of(true, channel, stage("stream"), false)).isNull();
        assertThat(DirectSend.of(true, channel, channel.pipeline().firstContext(), true)).isNull();
    }

    @Test
    @DisplayName("without a native socket (EmbeddedChannel, NIO) no chunk is sent directly: the channel takes it")
    void noSocket() throws Exception {
        DirectSend direct = DirectSend.of(true, channel, stage("stream"), false);
        io.netty.buffer.ByteBuf chunk = io.netty.buffer.Unpooled.directBuffer().writeByte('x');
        assertThat(direct.trySend(chunk)).isEqualTo(-1);
        chunk.release();
    }

    @Test
    @DisplayName("on epoll, a chunk goes to the socket by send(2): the peer reads it, nothing was queued")
    void epollSends() throws Exception {
        assertThat(sendOnLoop(EpollIoHandler.newFactory(), EpollSocketChannel.class))
                .isEqualTo("sent 6 bytes directly; the peer read: event\n");
    }

    @Test
    @DisplayName("on io_uring, no chunk is sent directly: it is queued and flushed through the channel, the peer reads it")
    void ioUringQueues() throws Exception {
        assertThat(sendOnLoop(IoUringIoHandler.newFactory(), IoUringSocketChannel.class))
                .isEqualTo("queued; the peer read: event\n");
    }

    /** Connects a channel of this transport to a plain socket and delivers one chunk as a subscriber would. */
    private static String sendOnLoop(IoHandlerFactory io, Class<? extends SocketChannel> type) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel client = new Bootstrap().group(group).channel(type)
                    .handler(new ChannelHandlerAdapter() { })
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))
                    .sync().channel();
            try (Socket peer = server.accept()) {
                String how = client.eventLoop().submit(() -> {
                    DirectSend direct = DirectSend.of(true, client, client.pipeline().firstContext(), false);
                    ByteBuf chunk = Unpooled.directBuffer().writeBytes("event\n".getBytes(StandardCharsets.US_ASCII));
                    try {
                        int sent = direct.trySend(chunk);
                        if (sent >= 0) {
                            return "sent " + sent + " bytes directly";
                        }
                        direct.write(chunk.retain());
                        direct.flush();
                        return "queued";
                    } finally {
                        chunk.release();
                    }
                }).get(10, TimeUnit.SECONDS);
                InputStream in = peer.getInputStream();
                byte[] read = in.readNBytes(6);
                return how + "; the peer read: " + new String(read, StandardCharsets.US_ASCII);
            } finally {
                client.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
