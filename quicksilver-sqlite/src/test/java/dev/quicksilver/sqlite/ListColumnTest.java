package dev.quicksilver.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListColumnTest {
    static List<List<String>> lists() {
        return List.of(List.of(), List.of(""), List.of("", ""), List.of("https://e/t"), List.of("a", "b"),
                List.of("a\nb", "c\\n", "\\", "\n"), List.of("ü€😀"));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void roundTrip(List<String> items) {
        assertThat(ListColumn.split(ListColumn.join(items))).isEqualTo(items);
    }
}
