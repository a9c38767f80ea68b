package dev.quicksilver.core.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FormData: repeated names, first/all/count/has")
class FormDataTest {
    private static FormData form(String... namesAndValues) {
        List<FormData.Field> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(new FormData.Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new FormData(fields);
    }

    @Test
    void accessors() {
        FormData form = form("topic", "a", "private", "", "topic", "b");
        assertThat(form.has("private")).isTrue();
        assertThat(form.has("Private")).as("names are case-sensitive").isFalse();
        assertThat(form.first("topic")).isEqualTo("a");
        assertThat(form.first("id")).isNull();
        assertThat(form.all("topic")).containsExactly("a", "b");
        assertThat(form.all("id")).isEmpty();
        assertThat(form.count("topic")).isEqualTo(2);
        assertThat(form.count("id")).isZero();
    }

    @Test
    void fieldsAreReadOnly() {
        FormData form = form("a", "1");
        assertThatThrownBy(() -> form.fields().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(FormData.empty().fields()).isEmpty();
    }
}
