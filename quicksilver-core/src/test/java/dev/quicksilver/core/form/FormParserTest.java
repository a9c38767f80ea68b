package dev.quicksilver.core.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quicksilver.core.HubException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WHATWG {@code application/x-www-form-urlencoded} parsing (URL Standard; URLSearchParams), which
 * Mercure draft-08 "Subscription" requires for the subscribe parameters and "Publication" for publish
 * bodies. The one deliberate difference from the URL Standard, invalid UTF-8 → 400, is draft-08
 * "Publication" (names and values MUST be UTF-8) and docs/protocol-eras.md ("invalid UTF-8 in a form").
 */
@DisplayName("FormParser: WHATWG application/x-www-form-urlencoded (URL Standard; draft-08 Subscription, Publication)")
class FormParserTest {
    private final FormParser parser = new FormParser(100);

    private FormData parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<FormData.Field> fields(FormData form) {
        return form.fields();
    }

    private static FormData.Field field(String name, String value) {
        return new FormData.Field(name, value);
    }

    @Test
    @DisplayName("URL Standard: '+' is a space and %XX is decoded, in names and values")
    void plusAndPercent() {
        assertThat(fields(parse("a+b=c+d&%41=%42%43"))).containsExactly(field("a b", "c d"), field("A", "BC"));
    }

    @Test
    @DisplayName("URL Standard: an encoded '+' (%2B) stays a plus, an encoded '&' or '=' does not split")
    void encodedDelimiters() {
        assertThat(fields(parse("t=%2B1&u=a%26b%3Dc"))).containsExactly(field("t", "+1"), field("u", "a&b=c"));
    }

    @ParameterizedTest(name = "a malformed escape stays literal: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a=%zz|%zz",
        "a=%|%",
        "a=x%|x%",
        "a=%4|%4",
        "a=%4g|%4g",
        "a=%%41|%A",
        "a=100%25|100%"
    })
    void malformedEscapesAreLiteral(String body, String expected) {
        assertThat(parse(body).first("a")).isEqualTo(expected);
    }

    @Test
    @DisplayName("a lower-case escape is decoded like an upper-case one")
    void lowerCaseHex() {
        assertThat(parse("a=%3a%3A").first("a")).isEqualTo("::");
    }

    @Test
    @DisplayName("draft-08 Subscription: a name without '=' counts as an empty value")
    void nameWithoutEquals() {
        assertThat(fields(parse("private&topic=x"))).containsExactly(field("private", ""), field("topic", "x"));
        assertThat(parse("private").has("private")).isTrue();
    }

    @Test
    @DisplayName("empty pairs are skipped: '&&a=1&'")
    void emptyPairsSkipped() {
        assertThat(fields(parse("&&a=1&"))).containsExactly(field("a", "1"));
        assertThat(fields(parse(""))).isEmpty();
        assertThat(fields(parse("&&&"))).isEmpty();
    }

    @Test
    @DisplayName("'=' alone is a pair with an empty name and value; '=x' has an empty name")
    void emptyNames() {
        assertThat(fields(parse("=&=x"))).containsExactly(field("", ""), field("", "x"));
    }

    @Test
    @DisplayName("the first '=' splits: 'a=b=c' is a -> 'b=c'")
    void firstEqualsSplits() {
        assertThat(fields(parse("a=b=c&d=="))).containsExactly(field("a", "b=c"), field("d", "="));
    }

    @Test
    @DisplayName("repeated names keep every value, in order (topic, target)")
    void repeatedNamesInOrder() {
        FormData form = parse("topic=1&data=x&topic=2&topic=3");
        assertThat(form.all("topic")).containsExactly("1", "2", "3");
        assertThat(form.first("topic")).isEqualTo("1");
        assertThat(form.count("topic")).isEqualTo(3);
        assertThat(fields(form)).extracting(FormData.Field::name).containsExactly("topic", "data", "topic", "topic");
    }

    @Test
    @DisplayName("raw non-ASCII UTF-8 bytes and encoded ones decode the same")
    void rawUtf8() {
        assertThat(parse("t=caf\u00e9&u=caf%C3%A9&v=\uD83D\uDE00").all("t")).containsExactly("caf\u00e9");
        assertThat(parse("u=caf%C3%A9").first("u")).isEqualTo("caf\u00e9");
        assertThat(parse("v=%F0%9F%98%80").first("v")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    @DisplayName("parseQuery: the String's characters are the raw bytes (ISO-8859-1 view of UTF-8)")
    void parseQueryRawBytes() {
        String rawUtf8 = new String("match=caf\u00e9&x=%C3%A9+".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        FormData form = parser.parseQuery(rawUtf8);
        assertThat(form.first("match")).isEqualTo("caf\u00e9");
        assertThat(form.first("x")).isEqualTo("\u00e9 ");
    }

    @Test
    @DisplayName("parse(bytes, from, to) reads only the slice")
    void slice() {
        byte[] bytes = "XXa=1&b=2YY".getBytes(StandardCharsets.US_ASCII);
        assertThat(fields(parser.parse(bytes, 2, 9))).containsExactly(field("a", "1"), field("b", "2"));
    }

    @ParameterizedTest(name = "draft-08 Publication: invalid UTF-8 is a 400: {0}")
    @ValueSource(strings = {"data=%FF", "data=%C3%28", "data=%C3", "data=%E2%82", "data=%C0%AF",
        "data=%ED%A0%80", "%FF=x", "data=%F4%90%80%80"})
    void invalidUtf8(String body) {
        HubException e = catchThrowableOfType(HubException.class, () -> parse(body));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("UTF-8");
    }

    @Test
    @DisplayName("draft-08 Publication: invalid raw bytes (not escaped) are a 400 too")
    void invalidRawBytes() {
        byte[] body = {'d', '=', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("maxFields: exactly the limit is accepted; one more is a 400 that names the limit")
    void maxFields() {
        FormParser three = new FormParser(3);
        assertThat(three.parse("a&b&c&&".getBytes(StandardCharsets.US_ASCII)).fields()).hasSize(3);
        HubException e = catchThrowableOfType(HubException.class,
                () -> three.parse("a&b&c&d".getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Too many form fields").contains("3");
    }

    @Test
    @DisplayName("round trip: whatever URLEncoder (form rules, UTF-8) writes decodes to the original")
    void roundTripWithUrlEncoder() {
        Random random = new Random(20240601L);
        for (int round = 0; round < 500; round++) {
            String name = randomText(random);
            String value = randomText(random);
            String body = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8);
            assertThat(parse(body).fields()).as("body %s", body).containsExactly(field(name, value));
        }
    }

    private static final String[] PIECES = {"a", "b", " ", "+", "%", "&", "=", "/", "?", "#", "%41", "\u00e9",
        "\u20ac", "\uD83D\uDE00", "\n", "*"};

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    @Test
    @DisplayName("seeded fuzz: random bytes either parse or give HubException 400, never another exception or a hang")
    void fuzz() {
        byte[] alphabet = {'a', '=', '&', '+', '%', '0', '9', 'F', 'f', 'z', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF,
            (byte) 0x80, (byte) 0xE2, (byte) 0xF0, 0};
        FormParser small = new FormParser(20);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(42);
            int refused = 0;
            for (int round = 0; round < 20_000; round++) {
                byte[] input = new byte[random.nextInt(64)];
                for (int i = 0; i < input.length; i++) {
                    input[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)]
                            : (byte) random.nextInt(256);
                }
                try {
                    FormData form = small.parse(input);
                    assertThat(form.fields().size()).isLessThanOrEqualTo(20);
                } catch (HubException e) {
                    assertThat(e.status()).isEqualTo(400);
                    refused++;
                }
            }
            // The alphabet makes invalid UTF-8 likely: the fuzz must exercise the refusal path.
            assertThat(refused).isPositive();
        });
    }
}
