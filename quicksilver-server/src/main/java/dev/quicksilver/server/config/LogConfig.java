package dev.quicksilver.server.config;

import dev.quicksilver.server.logging.LogFormat;
import org.slf4j.event.Level;

/**
 * What the hub logs, and how (see docs/observability.md).
 *
 * @param format text for people, json for a log pipeline
 * @param level the least severe level written
 * @param accessLog whether every answered request is logged (logger {@code quicksilver.access})
 */
public record LogConfig(LogFormat format, Level level, boolean accessLog) {}
