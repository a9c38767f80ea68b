package dev.quicksilver.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reference image's {@code MERCURE_EXTRA_DIRECTIVES}: {@code mercure} Caddyfile
 * directives, one per line, with {@code {env.NAME}} placeholders. Each known directive becomes
 * the value of a {@link Setting}; tuning directives that mean nothing here are accepted and
 * reported; anything else is an error that names the directive.
 */
final class CaddyDirectives {
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{env\\.([A-Za-z0-9_]+)}");
    private static final List<String> HARMLESS = List.of("dispatch_timeout", "topic_selector_cache",
            "subscriber_list_cache_size", "name");

    final Map<Setting, String> values = new LinkedHashMap<>();
    /** JWK Set URLs by role ("publisher", "subscriber"). */
    final Map<String, String> jwks = new LinkedHashMap<>();
    final List<String> ignored = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    CaddyDirectives(String text, Map<String, String> env) {
        for (String raw : text.split("\\r?\\n")) {
            List<String> words = words(substitute(raw, env));
            if (!words.isEmpty()) {
                directive(words.get(0), words.subList(1, words.size()));
            }
        }
    }

    private void directive(String name, List<String> args) {
        switch (name) {
            case "anonymous" -> flag(Setting.ANONYMOUS, args);
            case "subscriptions" -> flag(Setting.SUBSCRIPTIONS, args);
            case "demo" -> flag(Setting.DEMO, args);
            case "ui" -> flag(Setting.UI, args);
            case "cors_origins" -> values.put(Setting.CORS_ORIGINS, String.join(" ", args));
            case "publish_origins" -> values.put(Setting.PUBLISH_ORIGINS, String.join(" ", args));
            case "heartbeat" -> one(Setting.HEARTBEAT, name, args);
            case "write_timeout" -> one(Setting.STREAM_MAX_LIFE, name, args);
            case "cookie_name" -> one(Setting.COOKIE_NAME, name, args);
            case "protocol_version_compatibility" -> {
                if (args.equals(List.of("7"))) {
                    values.put(Setting.PUBLIC_PUBLISH, "true");
                } else {
                    problems.add("MERCURE_EXTRA_DIRECTIVES: protocol_version_compatibility accepts only 7");
                }
            }
            case "publisher_jwks_url" -> jwks(name, "publisher", args);
            case "subscriber_jwks_url" -> jwks(name, "subscriber", args);
            case "publisher_jwt" -> key(Setting.PUBLISHER_JWT_KEY, Setting.PUBLISHER_JWT_ALG, name, args);
            case "subscriber_jwt" -> key(Setting.SUBSCRIBER_JWT_KEY, Setting.SUBSCRIBER_JWT_ALG, name, args);
            default -> {
                if (HARMLESS.contains(name)) {
                    ignored.add(name);
                } else {
                    problems.add("MERCURE_EXTRA_DIRECTIVES: the directive \"" + name
                            + "\" is not supported by this hub (see docs/configuration.md)");
                }
            }
        }
    }

    private void flag(Setting setting, List<String> args) {
        if (!args.isEmpty()) {
            problems.add("MERCURE_EXTRA_DIRECTIVES: " + setting.flag() + " takes no argument");
        }
        values.put(setting, "true");
    }

    private void one(Setting setting, String name, List<String> args) {
        if (args.size() != 1) {
            problems.add("MERCURE_EXTRA_DIRECTIVES: " + name + " takes one argument");
            return;
        }
        values.put(setting, args.get(0));
    }

    private void jwks(String name, String role, List<String> args) {
        if (args.size() != 1) {
            problems.add("MERCURE_EXTRA_DIRECTIVES: " + name + " takes one URL");
            return;
        }
        jwks.put(role, args.get(0));
    }

    private void key(Setting key, Setting alg, String name, List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            problems.add("MERCURE_EXTRA_DIRECTIVES: " + name + " takes a key and an optional algorithm");
            return;
        }
        values.put(key, args.get(0));
        if (args.size() == 2) {
            values.put(alg, args.get(1));
        }
    }

    private static String substitute(String line, Map<String, String> env) {
        Matcher m = ENV_PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Splits on blanks, keeping "quoted strings" (with \" escapes) together. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    word.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
