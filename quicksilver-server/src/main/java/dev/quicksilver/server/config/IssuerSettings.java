package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;
import dev.quicksilver.core.auth.JwksKeySource;
import dev.quicksilver.core.auth.TokenKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the trusted issuers from numbered settings: {@code QUICKSILVER_ISSUER_<n>_<FIELD>} in the
 * environment, or {@code --issuer-<n>-<field>=value} on the command line. Fields: {@code ID} (the
 * {@code iss} value, required for {@code oauth}), {@code DIALECT} ({@code oauth}, the default,
 * {@code legacy} or {@code targets}), {@code KEY} / {@code KEY_FILE} / {@code ALG} and
 * {@code JWKS_URL} for both roles, and the same prefixed with {@code PUBLISHER_} or
 * {@code SUBSCRIBER_} for one role.
 */
final class IssuerSettings {
    private static final Pattern ENV = Pattern.compile("QUICKSILVER_ISSUER_(\\d+)_([A-Z_]+)");
    private static final Pattern FLAG = Pattern.compile("issuer-(\\d+)-([a-z-]+)");
    static final Set<String> FIELDS = Set.of("ID", "DIALECT", "KEY", "KEY_FILE", "ALG", "JWKS_URL",
            "PUBLISHER_KEY", "PUBLISHER_KEY_FILE", "PUBLISHER_ALG", "PUBLISHER_JWKS_URL",
            "SUBSCRIBER_KEY", "SUBSCRIBER_KEY_FILE", "SUBSCRIBER_ALG", "SUBSCRIBER_JWKS_URL");

    private final List<String> problems;

    IssuerSettings(List<String> problems) {
        this.problems = problems;
    }

    /** True for the environment variables this class reads, so the loader does not call them unknown. */
    static boolean isIssuerVariable(String name) {
        Matcher m = ENV.matcher(name);
        return m.matches();
    }

    /**
     * @param flags {@code issuer-<n>-<field>} flags without dashes, with their values
     */
    List<IssuerSpec> read(Map<String, String> env, Map<String, String> flags) {
        Map<Integer, Map<String, String>> byNumber = new TreeMap<>();
        Map<Integer, String> sources = new TreeMap<>();
        env.forEach((name, value) -> {
            Matcher m = ENV.matcher(name);
            if (m.matches()) {
                put(byNumber, sources, m.group(1), m.group(2), value, name);
            }
        });
        flags.forEach((name, value) -> {
            Matcher m = FLAG.matcher(name);
            if (m.matches()) {
                put(byNumber, sources, m.group(1), m.group(2).toUpperCase(Locale.ROOT).replace('-', '_'), value,
                        "--" + name);
            } else {
                problems.add("--" + name + ": unknown setting");
            }
        });
        List<IssuerSpec> issuers = new ArrayList<>();
        byNumber.forEach((n, fields) -> issuers.add(issuer("issuer " + n + " (" + sources.get(n) + ")", fields)));
        return issuers;
    }

    private void put(Map<Integer, Map<String, String>> byNumber, Map<Integer, String> sources, String number,
            String field, String value, String name) {
        if (!FIELDS.contains(field)) {
            problems.add(name + ": unknown issuer field " + field + " (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            return;
        }
        int n = Integer.parseInt(number);
        byNumber.computeIfAbsent(n, k -> new TreeMap<>()).put(field, value);
        sources.putIfAbsent(n, name.replaceFirst("_" + field + "$", "_*").replaceFirst("-" + field.toLowerCase(Locale.ROOT).replace('_', '-') + "$", "-*"));
    }

    private IssuerSpec issuer(String label, Map<String, String> f) {
        Dialect dialect = Dialect.OAUTH;
        if (f.containsKey("DIALECT")) {
            try {
                dialect = Dialect.parse(f.get("DIALECT"));
            } catch (IllegalArgumentException e) {
                problems.add(label + ": " + e.getMessage());
            }
        }
        String id = blankToNull(f.get("ID"));
        if (dialect == Dialect.OAUTH && id == null) {
            problems.add(label + ": an oauth issuer needs its ID (the \"iss\" value of its tokens)");
        }
        List<KeySpec> publisherKeys = keys(label, "PUBLISHER_", f, dialect);
        List<KeySpec> subscriberKeys = keys(label, "SUBSCRIBER_", f, dialect);
        String publisherJwks = blankToNull(f.getOrDefault("PUBLISHER_JWKS_URL", f.get("JWKS_URL")));
        String subscriberJwks = blankToNull(f.getOrDefault("SUBSCRIBER_JWKS_URL", f.get("JWKS_URL")));
        if (publisherKeys.isEmpty() && subscriberKeys.isEmpty() && publisherJwks == null && subscriberJwks == null) {
            problems.add(label + ": no key and no JWKS_URL");
        }
        checkJwksUrl(label, publisherJwks, problems);
        if (subscriberJwks != null && !subscriberJwks.equals(publisherJwks)) {
            checkJwksUrl(label, subscriberJwks, problems);
        }
        return new IssuerSpec(id, dialect, publisherKeys, subscriberKeys, publisherJwks, subscriberJwks, label);
    }

    private List<KeySpec> keys(String label, String role, Map<String, String> f, Dialect dialect) {
        String material = blankToNull(f.get(role + "KEY"));
        String file = blankToNull(f.get(role + "KEY_FILE"));
        if (material == null && file == null) {
            material = blankToNull(f.get("KEY"));
            file = blankToNull(f.get("KEY_FILE"));
        }
        if (file != null) {
            try {
                material = Files.readString(Path.of(file));
            } catch (IOException e) {
                problems.add(label + ": cannot read the key file " + file + " (" + e.getMessage() + ")");
                return List.of();
            }
        }
        if (material == null) {
            return List.of();
        }
        String alg = blankToNull(f.getOrDefault(role + "ALG", f.get("ALG")));
        KeySpec spec = new KeySpec(material, alg, dialect, label);
        try {
            TokenKey.of(material, alg, TokenKey.Options.of(dialect));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
        }
        return List.of(spec);
    }

    /**
     * Refuses a JWK Set URL the hub could not fetch when the configuration is loaded, naming the
     * issuer: without this check, a plain-http or malformed URL only failed later, in the Hub
     * constructor, with an exception that named no setting.
     */
    static void checkJwksUrl(String label, String url, List<String> problems) {
        if (url == null) {
            return;
        }
        try {
            JwksKeySource.checkLocation(new URI(url));
        } catch (URISyntaxException e) {
            problems.add(label + ": the JWK Set URL \"" + url + "\" is not a URL (" + e.getReason() + ")");
        } catch (IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
