package dev.quicksilver.loadtest.report;

import java.util.List;
import java.util.Locale;

/** HTML text: escaping, numbers, tables and the self-contained page (inline CSS, no script). */
public final class Html {
    private static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3;text-align:left}"
            + "tr.section th{background:#e4e9f2}.chart{display:block;margin:8px 0 24px;max-width:100%;height:auto}"
            + ".chart text{font:11px sans-serif;fill:#333}.chart .title{font-size:13px;font-weight:bold}"
            + ".note{color:#8a4b00}code{background:#f3f3f3;padding:1px 3px}";

    private Html() {}

    /** Escapes text for an element's content or a quoted attribute value. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD'); // control characters are not allowed in HTML text
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A number for a table: integers with thousands separators, others to 3 decimals; "-" for NaN. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.3f", v);
    }

    /** A whole page around {@code body} (already HTML). */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n<h1>" + escape(title)
                + "</h1>\n" + body + "\n</body></html>\n";
    }

    /** A header row of {@code cells} (text). */
    public static String headerRow(List<String> cells) {
        StringBuilder b = new StringBuilder("<tr>");
        for (String c : cells) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        return b.append("</tr>\n").toString();
    }

    /** A row: a label, then numeric cells. */
    public static String row(String label, List<String> numbers) {
        StringBuilder b = new StringBuilder("<tr><th>").append(escape(label)).append("</th>");
        for (String n : numbers) {
            b.append("<td class=\"n\">").append(escape(n)).append("</td>");
        }
        return b.append("</tr>\n").toString();
    }

    /** A row that names a section of a table, across {@code columns}. */
    public static String sectionRow(String name, int columns) {
        return "<tr class=\"section\"><th colspan=\"" + columns + "\">" + escape(name) + "</th></tr>\n";
    }
}
