package dev.quicksilver.server.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads an SSE stream as an EventSource does (HTML §9.2.6), for the tests' clients. */
public final class SseReader {
    private SseReader() {}

    /**
     * Reads until the stream ends or fails, handing each dispatched event and each comment line
     * (without its colon) to its consumer.
     */
    public static void read(InputStream body, Consumer<SseEvent> events, Consumer<String> comments) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = null;
            String id = null;
            Long retry = null;
            List<String> data = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || id != null) {
                        events.accept(new SseEvent(type == null ? "message" : type, id, String.join("\n", data), retry));
                    }
                    type = null;
                    id = null;
                    retry = null;
                    data = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.accept(line.substring(1));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> type = value;
                        case "id" -> id = value;
                        case "data" -> data.add(value);
                        case "retry" -> retry = Long.parseLong(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed
        }
    }
}
