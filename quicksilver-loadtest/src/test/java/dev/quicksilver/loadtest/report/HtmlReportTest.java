package dev.quicksilver.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportTest {
    /** A result line as the tool writes it, with hostile text where the user chooses it. */
    static String line(String label, double p99, double cpuUsPerDelivery) {
        return "{\"tool\":\"quicksilver-loadtest\",\"schema\":2,\"startedAt\":\"2026-11-27T00:00:00Z\","
                + "\"hubUrl\":\"http://127.0.0.1:3900/hub?a=1&b=<2>\","
                + "\"params\":{\"subscribers\":1000,\"topics\":1,\"rate\":10,\"protocol\":\"mercure\",\"label\":\"" + label + "\"},"
                + "\"subscribers\":{\"established\":1000,\"failed\":0},"
                + "\"publish\":{\"planned\":100,\"ok\":100,\"failed\":0,\"responseMs\":{\"p99\":1.5}},"
                + "\"deliveries\":{\"expected\":100000,\"received\":99990,\"completenessPct\":99.99,\"fanOutMs\":{\"p99\":20}},"
                + "\"latencyMs\":{\"count\":99990,\"p50\":3,\"p90\":5,\"p99\":" + p99 + ",\"p999\":30,\"max\":40},"
                + "\"hubProcess\":{\"cpuSPublish\":2,\"cpuUsPerDelivery\":" + cpuUsPerDelivery + ",\"rssKbBefore\":102400,"
                + "\"rssKbIdle\":204800,\"rssKbAfter\":-1},"
                + "\"notes\":[\"the host was <busy> & hot\"],"
                + "\"latencyCurve\":[{\"percentile\":0,\"ms\":1},{\"percentile\":50,\"ms\":3},{\"percentile\":99,\"ms\":" + p99
                + "},{\"percentile\":100,\"ms\":40}],"
                + "\"timeline\":[{\"t\":1,\"phase\":\"connect\",\"published\":0,\"received\":0,\"latencyP50Ms\":null,\"latencyP99Ms\":null},"
                + "{\"t\":2,\"phase\":\"publish\",\"published\":10,\"received\":10000,\"latencyP50Ms\":3,\"latencyP99Ms\":9},"
                + "{\"t\":3,\"phase\":\"publish\",\"published\":10,\"received\":9990,\"latencyP50Ms\":2,\"latencyP99Ms\":8}]}";
    }

    private static Document wellFormed(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRunsPageIsSelfContainedWellFormedAndEscapesEveryText() throws Exception {
        String html = HtmlReport.run(JsonReader.parse(line("<script>alert(1)</script>", 10, 12.5)));

        Document doc = wellFormed(html);
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(5);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("path").getLength()).isGreaterThanOrEqualTo(5);
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("http://127.0.0.1:3900/hub?a=1&amp;b=&lt;2&gt;")
                .contains("the host was &lt;busy&gt; &amp; hot")
                .contains("<th>completeness %</th><td class=\"n\">99.990</td>")
                .contains("<th>p99</th><td class=\"n\">10</td>")
                .contains("<th>CPU µs per publish</th><td class=\"n\">20,000</td>")
                .contains("<th>RSS MB during (subscribers connected)</th><td class=\"n\">200</td>")
                .contains("<th>RSS MB after</th><td class=\"n\">-</td>");
    }

    @Test
    void aComparisonGivesEachRunsRatioToTheFirst() throws Exception {
        String html = HtmlReport.compare(List.of(
                new HtmlReport.Run("quicksilver", JsonReader.parse(line("quicksilver", 10, 12.5))),
                new HtmlReport.Run("nchan & co", JsonReader.parse(line("nchan", 25, 5)))));

        wellFormed(html);
        assertThat(html).contains("<th>nchan &amp; co</th>")
                .contains("<th>p99</th><td class=\"n\">10</td><td class=\"n\">25</td><td class=\"n\">2.50×</td>")
                .contains("<th>CPU µs per delivery</th><td class=\"n\">12.500</td><td class=\"n\">5</td><td class=\"n\">0.40×</td>")
                .contains("<th>RSS MB after</th><td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td>")
                .contains("quicksilver p99").contains("nchan &amp; co p99");
        assertThatThrownBy(() -> HtmlReport.compare(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratiosOfMissingOrZeroFiguresAreNotNumbers() {
        assertThat(HtmlReport.ratio(4, 6)).isEqualTo(1.5);
        assertThat(HtmlReport.ratio(0, 6)).isNaN();
        assertThat(HtmlReport.ratio(Double.NaN, 6)).isNaN();
        assertThat(HtmlReport.ratio(4, Double.NaN)).isNaN();
        assertThat(HtmlReport.ratioText(3, 1)).isEqualTo("0.33×");
    }

    @Test
    void labelsFallBackToTheProtocolAndSubscribers() {
        assertThat(HtmlReport.label(JsonReader.parse(line("mine", 1, 1)), "x")).isEqualTo("mine");
        assertThat(HtmlReport.label(JsonReader.parse(line("", 1, 1)), "x")).isEqualTo("mercure, 1,000 subscribers");
        assertThat(HtmlReport.label(JsonReader.parse("{}"), "x")).isEqualTo("x");
        assertThat(HtmlReport.label(JsonReader.parse(line("", 1, 1).replace("\"topics\":1,", "\"topics\":1,\"h2Connections\":4,")),
                "x")).isEqualTo("mercure over HTTP/2, 1,000 subscribers");
    }

    @Test
    void aLineBreaksAtMissingPointsAndTheScaleIsRounded() {
        String svg = Svg.lineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {0, 1, 2, 3},
                new double[] {1, Double.NaN, 2, 3.3})), null);
        assertThat(svg.split("<path d=\"")[1]).startsWith("M").contains(" M").doesNotContain("NaN");
        assertThat(Svg.niceCeiling(3.3)).isEqualTo(5);
        assertThat(Svg.niceCeiling(0.012)).isEqualTo(0.02);
        assertThat(Svg.niceCeiling(100)).isEqualTo(100);
        assertThat(Svg.niceCeiling(0)).isEqualTo(1);
        assertThat(Svg.percentileX(99)).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Svg.lineChart("t", "x", "y", List.of(), null)).contains("no data");
    }

    @Test
    void readsBackWhatTheWriterWrites() {
        Object v = JsonReader.parse(Json.write(java.util.Map.of("a", List.of(1, 2.5, "x\"\n\u0001", true),
                "b", Double.NaN)));
        assertThat((List<Object>) new java.util.ArrayList<Object>(JsonReader.list(v, "a"))).containsExactly(1.0, 2.5, "x\"\n\u0001", true);
        assertThat(JsonReader.number(v, "b")).isNaN();
        assertThat(JsonReader.number(v, "a.c")).isNaN();
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":")).hasMessageContaining("end");
    }
}
