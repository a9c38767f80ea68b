package dev.quicksilver.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.quicksilver.server.support.HubProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code LOG_FORMAT=JSON} (the reference image's name) in a real process: every line it writes is a JSON object. */
class JsonLogProcessTest {

    @Test
    @DisplayName("LOG_FORMAT=JSON: each line of a start and a stop is one JSON object with the stable fields")
    void jsonLines() throws Exception {
        String log;
        try (HubProcess hub = HubProcess.start(Map.of("LOG_FORMAT", "JSON", "QUICKSILVER_PUBLISHER_JWT_KEY",
                "a-secret-of-at-least-32-bytes-0123456789", "QUICKSILVER_ANONYMOUS", "true"))) {
            assertThat(hub.stop(Duration.ofSeconds(20))).isTrue();
            log = hub.log();
        }
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(2);
        for (String line : lines) {
            Map<String, Object> event = JSONObjectUtils.parse(line);
            assertThat(event).containsKeys("timestamp", "level", "logger", "thread", "message");
            assertThat((String) event.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"message\":\"starting with ")
                .contains("log-format=json"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"message\":\"stopped\""));
        assertThat(log).doesNotContain("a-secret-of-at-least-32-bytes-0123456789");
    }
}
