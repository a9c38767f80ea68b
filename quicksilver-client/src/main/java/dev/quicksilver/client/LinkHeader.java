package dev.quicksilver.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code Link} header values (RFC 8288 section 3): {@code <uri>; name=value; name="quoted"},
 * several links per value separated by commas (commas inside quotes and angle brackets belong to
 * the link). Parameter names are lower-cased; the first {@code rel} counts and later ones are
 * ignored (section 3.3); a target is resolved against the URL of the response. A malformed link
 * is skipped, not fatal: one bad link must not hide the others.
 */
final class LinkHeader {
    /** One link: its target and parameters (first occurrence of each name). */
    record Link(URI target, Map<String, String> params) {
        /** Whether its {@code rel} lists this relation type (space-separated, case-insensitive). */
        boolean hasRel(String type) {
            String rel = params.get("rel");
            if (rel == null) {
                return false;
            }
            for (String r : rel.trim().split("\\s+")) {
                if (r.equalsIgnoreCase(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String s;
    private int i;

    private LinkHeader(String s) {
        this.s = s;
    }

    /** The links of these header values, targets resolved against {@code base}. */
    static List<Link> parse(URI base, List<String> values) {
        List<Link> links = new ArrayList<>();
        for (String v : values) {
            new LinkHeader(v).parseInto(base, links);
        }
        return links;
    }

    private void parseInto(URI base, List<Link> links) {
        while (true) {
            skip(" \t,");
            if (i >= s.length()) {
                return;
            }
            if (s.charAt(i) != '<') {
                skipLink();
                continue;
            }
            int end = s.indexOf('>', i);
            if (end < 0) {
                return;
            }
            String target = s.substring(i + 1, end).trim();
            i = end + 1;
            Map<String, String> params = new LinkedHashMap<>();
            boolean ok = params(params);
            if (ok) {
                try {
                    links.add(new Link(base.resolve(target), params));
                } catch (IllegalArgumentException e) {
                    // not a URI reference: skipped
                }
            }
        }
    }

    /** Reads {@code ; name[=value]} until the comma that ends the link; false if malformed. */
    private boolean params(Map<String, String> params) {
        while (true) {
            skip(" \t");
            if (i >= s.length() || s.charAt(i) == ',') {
                return true;
            }
            if (s.charAt(i) != ';') {
                skipLink();
                return false;
            }
            i++;
            skip(" \t");
            int start = i;
            while (i < s.length() && "=;, \t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String name = s.substring(start, i).toLowerCase(Locale.ROOT);
            skip(" \t");
            String value = "";
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                skip(" \t");
                value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
            }
            if (!name.isEmpty()) {
                params.putIfAbsent(name, value);
            }
        }
    }

    private String quoted() {
        StringBuilder v = new StringBuilder();
        i++; // the opening quote
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                c = s.charAt(i++); // quoted-pair (RFC 9110 section 5.6.4)
            }
            v.append(c);
        }
        i++; // the closing quote
        return v.toString();
    }

    private String token() {
        int start = i;
        while (i < s.length() && ";, \t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return s.substring(start, i);
    }

    /** Skips to the comma that ends this link, over quoted strings and angle brackets. */
    private void skipLink() {
        while (i < s.length() && s.charAt(i) != ',') {
            char c = s.charAt(i);
            if (c == '"') {
                quoted();
            } else if (c == '<') {
                int end = s.indexOf('>', i);
                i = end < 0 ? s.length() : end + 1;
            } else {
                i++;
            }
        }
    }

    private void skip(String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }
}
