package dev.quicksilver.core.urlpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.url.WhatwgUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The web-platform-tests data for URL Pattern ({@code urlpatterntestdata.json}), run the way the
 * WPT harness ({@code urlpatterntests.js}) runs it: JavaScript's constructor and method overloads
 * are emulated on top of the package's {@code create} and {@code match}.
 */
class UrlPatternDataTest {
    private static final String[] COMPONENTS =
            {"protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"};
    /** which components, when given, stop a component from being inherited from baseURL */
    private static final Map<String, List<String>> EARLIER_COMPONENTS = Map.of(
            "protocol", List.of(),
            "hostname", List.of("protocol"),
            "port", List.of("protocol", "hostname"),
            "username", List.of(),
            "password", List.of(),
            "pathname", List.of("protocol", "hostname", "port"),
            "search", List.of("protocol", "hostname", "port", "pathname"),
            "hash", List.of("protocol", "hostname", "port", "pathname", "search"));
    @TestFactory
    Stream<DynamicTest> wptUrlPatternData() throws IOException {
        @SuppressWarnings("unchecked")
        List<Object> entries = (List<Object>) MiniJson.parse(data());
        assertThat(entries).hasSize(366);
        return IntStream.range(0, entries.size()).mapToObj(i -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) entries.get(i);
            String name = "#" + i + " pattern=" + printable(entry.get("pattern"))
                    + (entry.containsKey("inputs") ? " inputs=" + printable(entry.get("inputs")) : "");
            return DynamicTest.dynamicTest(name, () -> run(entry));
        });
    }

    /** The data set, from the test resources (see urlpattern/README.md there), or -Durlpattern.testdata. */
    static String data() throws IOException {
        String override = System.getProperty("urlpattern.testdata");
        if (override != null) {
            return Files.readString(Paths.get(override), StandardCharsets.UTF_8);
        }
        try (InputStream in = UrlPatternDataTest.class.getResourceAsStream("/urlpattern/urlpatterntestdata.json")) {
            assertThat(in).as("urlpattern/urlpatterntestdata.json in the test resources").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> entry) {
        List<Object> args = (List<Object>) entry.get("pattern");
        if ("error".equals(entry.get("expected_obj"))) {
            assertThatThrownBy(() -> construct(args)).isInstanceOf(UrlPatternException.class);
            return;
        }
        UrlPattern pattern = construct(args);
        checkComponentPatterns(entry, args, pattern);

        List<Object> inputs = (List<Object>) entry.get("inputs");
        Object input = inputs.isEmpty() ? UrlPatternInit.empty() : toInput(inputs.get(0));
        String base = inputs.size() > 1 ? (String) inputs.get(1) : null;
        Object expectedMatch = entry.get("expected_match");
        if ("error".equals(expectedMatch)) {
            assertThatThrownBy(() -> pattern.match(input, base)).isInstanceOf(UrlPatternException.class);
            return;
        }
        boolean expectMatch = expectedMatch instanceof Map;
        assertThat(test(pattern, input, base)).as("test() result").isEqualTo(expectMatch);
        Optional<UrlPatternResult> result = pattern.match(input, base);
        if (!expectMatch) {
            assertThat(result).as("exec() result").isEmpty();
            return;
        }
        assertThat(result).as("exec() result").isPresent();
        checkExecResult(entry, inputs, (Map<String, Object>) expectedMatch, result.get());
    }

    /** new URLPattern(...args), with Web IDL's overload resolution */
    @SuppressWarnings("unchecked")
    private static UrlPattern construct(List<Object> args) {
        Object input = args.isEmpty() ? UrlPatternInit.empty() : toInput(args.get(0));
        String base = null;
        Map<String, Object> options = Map.of();
        if (args.size() >= 2 && args.get(1) instanceof String) {
            base = (String) args.get(1);
            if (args.size() >= 3) {
                options = (Map<String, Object>) args.get(2);
            }
        } else if (args.size() >= 2) {
            if (args.size() >= 3) {
                // (input, baseURL, options) is chosen: a string cannot convert to the options dictionary
                throw new UrlPatternException("TypeError from Web IDL");
            }
            options = (Map<String, Object>) args.get(1);
        }
        return UrlPattern.create(input, base, Boolean.TRUE.equals(options.get("ignoreCase")));
    }

    private static boolean test(UrlPattern pattern, Object input, String base) {
        if (input instanceof UrlPatternInit) {
            return pattern.test((UrlPatternInit) input);
        }
        return pattern.test((String) input, base);
    }

    @SuppressWarnings("unchecked")
    private static Object toInput(Object json) {
        if (json instanceof String) {
            return json;
        }
        UrlPatternInit.Builder b = UrlPatternInit.builder();
        for (Field f : Field.values()) {
            // Web IDL dictionaries ignore unknown members ({ignoreCase: true} as the input is {})
            Object value = ((Map<String, Object>) json).get(f.key);
            if (value != null) {
                b.set(f, (String) value);
            }
        }
        return b.build();
    }

    /** the harness's expectations for the compiled pattern strings */
    @SuppressWarnings("unchecked")
    private static void checkComponentPatterns(Map<String, Object> entry, List<Object> args, UrlPattern pattern) {
        Map<String, Object> expectedObj = entry.get("expected_obj") instanceof Map
                ? (Map<String, Object>) entry.get("expected_obj")
                : Map.of();
        List<Object> exactlyEmpty = (List<Object>) entry.getOrDefault("exactly_empty_components", List.of());
        Map<String, Object> first = !args.isEmpty() && args.get(0) instanceof Map
                ? (Map<String, Object>) args.get(0)
                : null;
        WhatwgUrl baseUrl = null;
        if (first != null && first.get("baseURL") instanceof String && !((String) first.get("baseURL")).isEmpty()) {
            baseUrl = WhatwgUrl.parse((String) first.get("baseURL")).orElseThrow();
        } else if (args.size() > 1 && args.get(1) instanceof String) {
            baseUrl = WhatwgUrl.parse((String) args.get(1)).orElseThrow();
        }
        for (String component : COMPONENTS) {
            String expected = (String) expectedObj.get(component);
            if (expected == null) {
                if (exactlyEmpty.contains(component)) {
                    expected = "";
                } else if (first != null && first.get(component) instanceof String
                        && !((String) first.get(component)).isEmpty()) {
                    expected = (String) first.get(component);
                } else if (first != null && EARLIER_COMPONENTS.get(component).stream().anyMatch(first::containsKey)) {
                    expected = "*";
                } else if (baseUrl != null && !component.equals("username") && !component.equals("password")) {
                    expected = baseComponent(baseUrl, component);
                } else {
                    expected = "*";
                }
            }
            assertThat(componentPattern(pattern, component)).as("compiled pattern property '%s'", component)
                    .isEqualTo(expected);
        }
    }

    /** what the harness reads from new URL(base): the URL API getters, separators stripped */
    private static String baseComponent(WhatwgUrl url, String component) {
        switch (component) {
            case "protocol":
                return url.scheme();
            case "hostname":
                return url.hostname();
            case "port":
                return url.port();
            case "pathname":
                return url.pathname();
            case "search":
                return url.search().isEmpty() ? "" : url.search().substring(1);
            default:
                return url.hash().isEmpty() ? "" : url.hash().substring(1);
        }
    }

    private static String componentPattern(UrlPattern pattern, String component) {
        switch (component) {
            case "protocol":
                return pattern.protocol();
            case "username":
                return pattern.username();
            case "password":
                return pattern.password();
            case "hostname":
                return pattern.hostname();
            case "port":
                return pattern.port();
            case "pathname":
                return pattern.pathname();
            case "search":
                return pattern.search();
            default:
                return pattern.hash();
        }
    }

    private static UrlPatternComponentResult componentResult(UrlPatternResult result, String component) {
        switch (component) {
            case "protocol":
                return result.protocol();
            case "username":
                return result.username();
            case "password":
                return result.password();
            case "hostname":
                return result.hostname();
            case "port":
                return result.port();
            case "pathname":
                return result.pathname();
            case "search":
                return result.search();
            default:
                return result.hash();
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkExecResult(Map<String, Object> entry, List<Object> inputs, Map<String, Object> expected,
            UrlPatternResult result) {
        List<Object> expectedInputs = (List<Object>) expected.getOrDefault("inputs", inputs);
        assertThat(result.inputs()).as("exec() result.inputs").hasSize(expectedInputs.size());
        for (int i = 0; i < expectedInputs.size(); i++) {
            Object actual = result.inputs().get(i);
            Object want = toInput(expectedInputs.get(i));
            if (actual instanceof String) {
                assertThat(actual).as("exec() result.inputs[%d]", i).isEqualTo(want);
            } else {
                UrlPatternInit a = (UrlPatternInit) actual;
                UrlPatternInit w = (UrlPatternInit) want;
                for (Field f : Field.COMPONENTS) {
                    assertThat(a.get(f)).as("exec() result.inputs[%d][%s]", i, f.key).isEqualTo(w.get(f));
                }
            }
        }
        List<Object> exactlyEmpty = (List<Object>) entry.getOrDefault("exactly_empty_components", List.of());
        for (String component : COMPONENTS) {
            Map<String, Object> want = (Map<String, Object>) expected.get(component);
            String wantInput = "";
            Map<String, String> wantGroups = new LinkedHashMap<>();
            if (want == null) {
                if (!exactlyEmpty.contains(component)) {
                    wantGroups.put("0", "");
                }
            } else {
                wantInput = (String) want.get("input");
                for (Map.Entry<String, Object> g : ((Map<String, Object>) want.get("groups")).entrySet()) {
                    // JSON has no undefined: the data writes null for a group that did not match
                    wantGroups.put(g.getKey(), g.getValue() == MiniJson.NULL ? null : (String) g.getValue());
                }
            }
            UrlPatternComponentResult actual = componentResult(result, component);
            assertThat(actual.input()).as("exec() result for %s: input", component).isEqualTo(wantInput);
            assertThat(actual.groups()).as("exec() result for %s: groups", component).isEqualTo(wantGroups);
        }
    }

    private static String printable(Object json) {
        StringBuilder out = new StringBuilder();
        appendPrintable(json, out);
        String s = out.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    @SuppressWarnings("unchecked")
    private static void appendPrintable(Object json, StringBuilder out) {
        if (json instanceof String) {
            out.append('"');
            for (char c : ((String) json).toCharArray()) {
                out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            out.append('"');
        } else if (json instanceof Map) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) json).entrySet()) {
                StringBuilder item = new StringBuilder(e.getKey()).append(':');
                appendPrintable(e.getValue(), item);
                items.add(item.toString());
            }
            out.append('{').append(String.join(",", items)).append('}');
        } else if (json instanceof List) {
            List<String> items = new ArrayList<>();
            for (Object o : (List<Object>) json) {
                StringBuilder item = new StringBuilder();
                appendPrintable(o, item);
                items.add(item.toString());
            }
            out.append('[').append(String.join(",", items)).append(']');
        } else {
            out.append(json);
        }
    }
}
