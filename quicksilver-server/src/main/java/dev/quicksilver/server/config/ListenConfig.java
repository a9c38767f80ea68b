package dev.quicksilver.server.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where and how the hub listens.
 *
 * @param host the interface to listen on, or null for all
 * @param port the TCP port, 0 for any free one
 * @param publicUrl the hub's public URL, or null to derive it from the port
 * @param threads event loop threads, 0 for one per CPU core
 * @param ioTransport how the event loops reach the kernel (io_uring, epoll, NIO, or the best available)
 * @param shutdownTimeout the longest wait for in-flight publishes at shutdown
 * @param drainDelay how long the hub, at shutdown, answers {@code /readyz} 503 and goes on serving before its
 *     listeners close (so that balancers stop sending it clients first), {@link Duration#ZERO} for none
 */
public record ListenConfig(@Nullable String host, int port, @Nullable String publicUrl, int threads, IoTransport ioTransport,
        Duration shutdownTimeout, Duration drainDelay) {

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private String host;
        private int port;
        private String publicUrl;
        private int threads;
        private IoTransport ioTransport;
        private Duration shutdownTimeout;
        private Duration drainDelay = Duration.ZERO;

        Builder() {}

        private Builder(ListenConfig from) {
            host = from.host;
            port = from.port;
            publicUrl = from.publicUrl;
            threads = from.threads;
            ioTransport = from.ioTransport;
            shutdownTimeout = from.shutdownTimeout;
            drainDelay = from.drainDelay;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder publicUrl(String v) { publicUrl = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder ioTransport(IoTransport v) { ioTransport = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder drainDelay(Duration v) { drainDelay = v; return this; }

        public ListenConfig build() {
            return new ListenConfig(host, port, publicUrl, threads, ioTransport, shutdownTimeout, drainDelay);
        }
    }
}
