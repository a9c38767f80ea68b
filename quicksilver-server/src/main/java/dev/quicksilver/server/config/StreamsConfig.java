package dev.quicksilver.server.config;

import java.time.Duration;

/**
 * How the hub keeps subscribers' streams alive, and bounds them.
 *
 * @param heartbeat idle time after which a {@code :} comment is sent, {@link Duration#ZERO} for none
 * @param maxLife a stream's longest life (it ends at a random 80-100 % of it), {@link Duration#ZERO} for no limit
 * @param subscriberBuffer bytes that may wait for a slow subscriber before it is disconnected
 * @param directSend whether live deliveries on cleartext HTTP/1.1 may go straight to the socket (docs/configuration.md)
 */
public record StreamsConfig(Duration heartbeat, Duration maxLife, int subscriberBuffer, boolean directSend) {

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private Duration heartbeat;
        private Duration maxLife;
        private int subscriberBuffer;
        private boolean directSend;

        Builder() {}

        private Builder(StreamsConfig from) {
            heartbeat = from.heartbeat;
            maxLife = from.maxLife;
            subscriberBuffer = from.subscriberBuffer;
            directSend = from.directSend;
        }

        public Builder heartbeat(Duration v) { heartbeat = v; return this; }
        public Builder maxLife(Duration v) { maxLife = v; return this; }
        public Builder subscriberBuffer(int v) { subscriberBuffer = v; return this; }
        public Builder directSend(boolean v) { directSend = v; return this; }

        public StreamsConfig build() {
            return new StreamsConfig(heartbeat, maxLife, subscriberBuffer, directSend);
        }
    }
}
