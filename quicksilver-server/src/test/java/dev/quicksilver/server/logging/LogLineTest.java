package dev.quicksilver.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The two renderings of a log line: stable JSON field names, and the text the hub always wrote. */
class LogLineTest {
    private static final Instant TIME = Instant.parse("2026-12-02T15:06:16.123Z");

    @Test
    @DisplayName("JSON: one line, the fixed fields in order, escaped text, the stack trace, the MDC after them")
    void json() throws Exception {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("request_id", "r-1");
        mdc.put("message", "cannot replace the message");
        String line = new LogLine(TIME, Level.WARN, "dev.quicksilver.server.HubServer", "quicksilver-loop-1",
                "a \"quoted\"\nsecond line\u0001", new IllegalStateException("boom"), mdc).json();
        assertThat(line).doesNotContain("\n").startsWith("{\"timestamp\":\"2026-12-02T15:06:16.123Z\",\"level\":\"WARN\","
                + "\"logger\":\"dev.quicksilver.server.HubServer\",\"thread\":\"quicksilver-loop-1\",");
        Map<String, Object> parsed = JSONObjectUtils.parse(line);
        assertThat(parsed.keySet()).containsExactly("timestamp", "level", "logger", "thread", "message", "exception",
                "request_id");
        assertThat(parsed.get("message")).isEqualTo("a \"quoted\"\nsecond line\u0001");
        assertThat((String) parsed.get("exception")).startsWith("java.lang.IllegalStateException: boom")
                .contains("at dev.quicksilver.server.logging.LogLineTest.json");
        assertThat(parsed.get("request_id")).isEqualTo("r-1");
    }

    @Test
    @DisplayName("JSON without an exception has no exception field")
    void jsonWithoutException() throws Exception {
        String line = new LogLine(TIME, Level.INFO, "quicksilver", "main", "started", null, Map.of()).json();
        assertThat(JSONObjectUtils.parse(line).keySet()).containsExactly("timestamp", "level", "logger", "thread",
                "message");
    }

    @Test
    @DisplayName("text: time, level, the logger's short name, the message, the context, then the stack trace")
    void text() {
        String line = new LogLine(TIME, Level.INFO, "dev.quicksilver.server.HubServer", "main", "listening on :3000",
                null, Map.of("k", "v")).text();
        assertThat(line).isEqualTo("2026-12-02T15:06:16.123+0000 INFO HubServer - listening on :3000 k=v");
        String failed = new LogLine(TIME, Level.ERROR, "quicksilver", "main", "failed", new RuntimeException("x"),
                Map.of()).text();
        assertThat(failed.lines().toList().get(0)).isEqualTo("2026-12-02T15:06:16.123+0000 ERROR quicksilver - failed");
        assertThat(failed.lines().toList().get(1)).isEqualTo("java.lang.RuntimeException: x");
    }

    @Test
    @DisplayName("levels: the configured one and above; Netty's loggers never below warn")
    void levels() {
        LogFormat format = HubLog.format();
        Level level = HubLog.level();
        try {
            HubLog.configure(format, Level.DEBUG);
            assertThat(HubLog.enabled("dev.quicksilver.server.http.Responses", Level.DEBUG)).isTrue();
            assertThat(HubLog.enabled("dev.quicksilver.server.http.Responses", Level.TRACE)).isFalse();
            assertThat(HubLog.enabled("io.netty.channel.DefaultChannelPipeline", Level.INFO)).isFalse();
            assertThat(HubLog.enabled("io.netty.channel.DefaultChannelPipeline", Level.WARN)).isTrue();
        } finally {
            HubLog.configure(format, level);
        }
        assertThat(List.of(LogFormat.parse("JSON"), LogFormat.parse(" text "))).containsExactly(LogFormat.JSON,
                LogFormat.TEXT);
        assertThat(LogLevel.parse("Debug")).isEqualTo(Level.DEBUG);
    }
}
