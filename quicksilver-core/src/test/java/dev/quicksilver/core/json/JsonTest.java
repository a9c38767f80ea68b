package dev.quicksilver.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hub's own JSON documents (subscription events and API: Mercure draft-08 "Active Subscriptions"). */
@DisplayName("Json: a small writer for the hub's documents (draft-08 Active Subscriptions)")
class JsonTest {

    @Test
    @DisplayName("strings: quotes, backslash, the short escapes, other controls as \\u00XX")
    void escaping() {
        assertThat(Json.write("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Json.write("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(Json.write("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(Json.write("/")).isEqualTo("\"/\"");
        assertThat(Json.write("\u007f\u0085")).isEqualTo("\"\u007f\u0085\"");
    }

    @Test
    @DisplayName("U+2028 and U+2029 are escaped (valid JavaScript too); other non-ASCII is written as is")
    void lineSeparators() {
        assertThat(Json.write("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
        assertThat(Json.write("caf\u00e9 \uD83D\uDE00")).isEqualTo("\"caf\u00e9 \uD83D\uDE00\"");
    }

    @Test
    @DisplayName("null, booleans and numbers")
    void scalars() {
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write(true)).isEqualTo("true");
        assertThat(Json.write(false)).isEqualTo("false");
        assertThat(Json.write(42)).isEqualTo("42");
        assertThat(Json.write(-7L)).isEqualTo("-7");
        assertThat(Json.write(1.5)).isEqualTo("1.5");
        assertThat(Json.write(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
        assertThat(Json.write(new BigDecimal("0.1"))).isEqualTo("0.1");
        assertThat(Json.write(Double.NaN)).isEqualTo("null");
        assertThat(Json.write(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(Json.write(Float.NEGATIVE_INFINITY)).isEqualTo("null");
    }

    @Test
    @DisplayName("nested maps (insertion order) and lists; null values and empty containers")
    void nested() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", Arrays.asList("x", null, List.of()));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("k\"ey", inner);
        outer.put("empty", Map.of());
        outer.put("nothing", null);
        assertThat(Json.write(outer)).isEqualTo("{\"k\\\"ey\":{\"z\":1,\"a\":[\"x\",null,[]]},\"empty\":{},\"nothing\":null}");
        assertThat(Json.write(Set.of(true))).isEqualTo("[true]");
    }

    @Test
    @DisplayName("other objects are written as their string; non-string keys too")
    void otherValues() {
        assertThat(Json.write(java.net.URI.create("https://e/a"))).isEqualTo("\"https://e/a\"");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, 'c');
        assertThat(Json.write(map)).isEqualTo("{\"1\":\"c\"}");
    }

    @Test
    @DisplayName("nesting deeper than 64 levels is refused (no stack overflow on hostile claims)")
    void depthLimit() {
        Object deep = "x";
        for (int i = 0; i < 64; i++) {
            deep = List.of(deep);
        }
        assertThat(Json.write(deep)).startsWith("[[").endsWith("]]");
        List<Object> tooDeep = new ArrayList<>();
        tooDeep.add(deep);
        assertThatThrownBy(() -> Json.write(List.of(tooDeep))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an object written in pieces (its last member an array appended element by element) is the object "
            + "written whole")
    void inPieces() {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", "/a\"b");
        head.put("n", Map.of("k", List.of(1, true)));
        StringBuilder out = new StringBuilder("prefix:");
        Json.openArrayMember(out, head, "items");
        Json.write(out, Map.of("x", "\u2028"));
        out.append(',');
        Json.write(out, null);
        out.append("]}");
        Map<String, Object> whole = new LinkedHashMap<>(head);
        Map<String, Object> item = Map.of("x", "\u2028");
        whole.put("items", Arrays.asList(item, null));
        assertThat(out.toString()).isEqualTo("prefix:" + Json.write(whole));
        StringBuilder empty = new StringBuilder();
        Json.openArrayMember(empty, Map.of(), "items");
        assertThat(empty.append("]}").toString()).isEqualTo("{\"items\":[]}");
    }
}
