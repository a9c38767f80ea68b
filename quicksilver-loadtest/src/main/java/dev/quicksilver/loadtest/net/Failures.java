package dev.quicksilver.loadtest.net;

import io.netty.channel.ConnectTimeoutException;
import java.util.Locale;

/** Turns a failure into a short, low-cardinality reason for a {@code Tally}. */
public final class Failures {
    /** The reason of an EMFILE (this process is out of file descriptors). */
    public static final String OPEN_FILE_LIMIT = "EMFILE: the load tool is out of file descriptors (ulimit -n)";

    private Failures() {}

    public static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("too many open files")) {
                return OPEN_FILE_LIMIT;
            }
            if (c instanceof ConnectTimeoutException) {
                return "connect: timed out";
            }
            if (lower.contains("connection refused")) {
                return "connect: connection refused";
            }
            if (lower.contains("cannot assign requested address")) {
                return "connect: no free local port (EADDRNOTAVAIL); add --source-addresses";
            }
            if (lower.contains("connection reset")) {
                return "connection reset by peer";
            }
            if (lower.contains("broken pipe")) {
                return "broken pipe";
            }
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        m = m.replaceAll("^[a-zA-Z]+\\(\\.\\.\\) failed: ", "").replaceAll(":? ?/[0-9a-fA-F.:\\[\\]%]+$", "");
        if (m.length() > 100) {
            m = m.substring(0, 100) + "...";
        }
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    public static boolean isOpenFileLimit(Throwable t) {
        return OPEN_FILE_LIMIT.equals(reason(t));
    }
}
