package dev.quicksilver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.quicksilver.server.config.ConfigLoader;
import dev.quicksilver.server.config.HubConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
                .contains("stream-max-life=PT10M").doesNotContain("write-timeout")
                .contains("sources={");
    }

    @Test
    @DisplayName("--stream-max-life and its former name --write-timeout are both accepted; --help lists the new one")
    void renamedFlag() {
        assertThat(Main.settingFlags(new CommandLine(Main.commandSpec()).parseArgs("--stream-max-life=5s")))
                .containsExactly(entry("stream-max-life", "5s"));
        assertThat(Main.settingFlags(new CommandLine(Main.commandSpec())
                .parseArgs("--write-timeout", "6s", "--anonymous")))
                .containsExactly(entry("write-timeout", "6s"), entry("anonymous", "true"));
        String help = new CommandLine(Main.commandSpec()).getUsageMessage().replaceAll("\\s+", " ");
        assertThat(help).contains("--stream-max-life=<value>").contains("Formerly write-timeout")
                .contains("[QUICKSILVER_STREAM_MAX_LIFE, QUICKSILVER_WRITE_TIMEOUT, WRITE_TIMEOUT]")
                .doesNotContain("--write-timeout");
    }
}
