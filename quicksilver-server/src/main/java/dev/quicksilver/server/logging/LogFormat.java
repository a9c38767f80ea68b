package dev.quicksilver.server.logging;

import java.util.Locale;

/** How log lines are written: for people ({@code text}) or for a log pipeline ({@code json}, one object a line). */
public enum LogFormat {
    TEXT, JSON;

    /** {@code text} or {@code json}, in any case (the reference image writes {@code LOG_FORMAT=JSON}). */
    public static LogFormat parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("\"" + value + "\" is not a log format (text or json)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
