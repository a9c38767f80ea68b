package dev.quicksilver.server.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.event.Level;

/**
 * The hub's log lines while a test runs, in the format and at the level it chose; the previous
 * output, format and level come back on close. Other tests of the same JVM may log meanwhile: a
 * test looks for its own lines.
 */
public final class CapturedLog implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LogFormat format = HubLog.format();
    private final Level level = HubLog.level();

    public CapturedLog(LogFormat format, Level level) {
        HubLog.configure(format, level);
        HubLog.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    public synchronized List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        HubLog.output(System.err);
        HubLog.configure(format, level);
    }
}
