package dev.quicksilver.server.logging;

import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger of the hub's SLF4J backend: checks {@link HubLog}'s level at each event and writes one {@link LogLine}. */
final class HubLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    HubLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return HubLog.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return HubLog.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return HubLog.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return HubLog.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return HubLog.enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable thrown) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        HubLog.write(new LogLine(Instant.now(), level, name, Thread.currentThread().getName(), message, thrown,
                mdc == null ? Map.of() : mdc));
    }
}
