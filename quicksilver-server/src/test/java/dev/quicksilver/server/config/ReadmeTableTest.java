package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's configuration table is the {@link Setting} table: a setting added or changed must be documented. */
class ReadmeTableTest {

    static String row(Setting s) {
        List<String> env = new ArrayList<>(List.of(s.env()));
        if (s.formerEnv() != null) {
            env.add(s.formerEnv());
        }
        env.addAll(s.aliases());
        String names = env.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
        String def = s.defaultValue() == null ? "–" : s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
        return "| `--" + s.flag() + "` | " + names + " | " + def + " | " + s.description() + " |";
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("the README documents this setting as the code defines it")
    void documented(Setting setting) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains(row(setting));
    }
}
