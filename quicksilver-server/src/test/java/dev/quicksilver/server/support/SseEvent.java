package dev.quicksilver.server.support;

/** One SSE event as a client sees it. */
public record SseEvent(String type, String id, String data, Long retry) {}
