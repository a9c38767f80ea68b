package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every default comes from the {@link Setting} table, parsed as a user's value would be. */
class SettingDefaultsTest {

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("the default of this setting is a valid value for its own parser")
    void defaultParses(Setting setting) {
        if (setting.defaultValue() == null) {
            assertThat(setting.parsedDefault()).isNull();
        } else {
            assertThatCode(setting::parsedDefault).doesNotThrowAnyException();
        }
    }
}
