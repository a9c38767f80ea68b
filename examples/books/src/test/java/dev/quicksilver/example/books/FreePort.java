package dev.quicksilver.example.books;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port below 32768, known before the application starts: the hub's CORS setting names the
 * page's origin, port included. (Port 0 would give one of the kernel's ephemeral ports, which the
 * project's tests leave to outgoing connections.)
 */
final class FreePort {
    private FreePort() {}

    static int find() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
