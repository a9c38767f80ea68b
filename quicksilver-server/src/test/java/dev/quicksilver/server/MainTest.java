package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    @DisplayName("the start-up line names every setting and masks the keys")
    void describeMasksSecrets() throws Exception {
        HubConfig c = ConfigLoader.load(Map.of("JWT_KEY", "super-secret-key-material", "CORS_ALLOWED_ORIGINS",
                "http://localhost:8000"), Map.of()).config();
        String line = Main.describe(c);
        assertThat(line).doesNotContain("super-secret-key-material")
                .contains("publisher-keys=[JWT_KEY:targets:default-alg:***]")
                .contains("cors-origins=[http://localhost:8000]").contains("heartbeat=PT40S")
                .contains("sources={");
    }
}
