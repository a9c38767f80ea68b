package dev.quicksilver.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The character rules of Mercure draft-08 "Subscription" (matcher values) and "Publication" (id, type,
 * topic): no C0, DEL, C1 or Unicode Cf.
 */
@DisplayName("TextRules: no C0, DEL, C1 or Cf (draft-08 Subscription, Publication)")
class TextRulesTest {

    @ParameterizedTest(name = "U+{0} is forbidden")
    @ValueSource(ints = {0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xAD, 0x200B, 0x200E, 0x202E, 0x2060,
        0xFEFF, 0xFFF9, 0xE0001, 0x110BD})
    void forbidden(int cp) {
        String value = "ab" + new String(Character.toChars(cp)) + "c";
        assertThat(TextRules.firstForbidden(value)).isEqualTo(2);
        assertThat(TextRules.isClean(value)).isFalse();
    }

    @ParameterizedTest(name = "U+{0} is allowed")
    @ValueSource(ints = {0x20, 0x7E, 0xA0, 0xE9, 0x2028, 0x20AC, 0xFFFD, 0x1F600, 0xE000})
    void allowed(int cp) {
        String value = "ab" + new String(Character.toChars(cp)) + "c";
        assertThat(TextRules.firstForbidden(value)).isEqualTo(-1);
        assertThat(TextRules.isClean(value)).isTrue();
    }

    @Test
    @DisplayName("the index is the char index, counting a surrogate pair as two")
    void indexAfterSurrogatePair() {
        assertThat(TextRules.firstForbidden("\uD83D\uDE00\u200E")).isEqualTo(2);
        assertThat(TextRules.firstForbidden("")).isEqualTo(-1);
    }
}
