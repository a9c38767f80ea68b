package dev.quicksilver.server.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free loopback port chosen before a server starts, for tests that must know the port before
 * the server tells it (a hub still starting; an ACME server told where to validate). Taken below
 * the kernel's ephemeral range (32768 and up), so that no outgoing connection can be given it
 * meanwhile.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int below32768() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 32000");
    }
}
