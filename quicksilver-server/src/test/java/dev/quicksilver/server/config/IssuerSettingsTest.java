package dev.quicksilver.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.auth.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbered issuers from the environment ({@code QUICKSILVER_ISSUER_<n>_<FIELD>}) and from flags
 * ({@code --issuer-<n>-<field>}), through {@link ConfigLoader#load(Map, Map, Map)}
 * (docs/issuers.md "Configuring issuers"). Errors name the issuer and the
 * setting, and are all reported at once.
 */
@DisplayName("numbered issuer settings")
class IssuerSettingsTest {
    private static final String PEM_RSA = pem();

    /** A fresh RSA public key in PEM, as an operator puts it in a key file. */
    private static String pem() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HubConfig load(Map<String, String> env, Map<String, String> issuerFlags) throws ConfigException {
        return ConfigLoader.load(env, Map.of(), issuerFlags).config();
    }

    private static List<String> problems(Map<String, String> env, Map<String, String> issuerFlags) {
        try {
            load(env, issuerFlags);
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    @DisplayName("issuers.md: environment: an oauth issuer (the default dialect) and a legacy one with a key per role, "
            + "in order")
    void fromEnvironment() throws ConfigException {
        HubConfig c = load(env(
                "QUICKSILVER_ISSUER_2_DIALECT", "legacy",
                "QUICKSILVER_ISSUER_2_PUBLISHER_KEY", "symfony-publisher-secret",
                "QUICKSILVER_ISSUER_2_SUBSCRIBER_KEY", "symfony-subscriber-secret",
                "QUICKSILVER_ISSUER_1_ID", "https://auth.example.com",
                "QUICKSILVER_ISSUER_1_KEY", "oauth-secret",
                "QUICKSILVER_ISSUER_1_ALG", "HS512"), Map.of());
        assertThat(c.auth().issuers()).hasSize(2);
        IssuerSpec oauth = c.auth().issuers().get(0);
        assertThat(oauth.id()).isEqualTo("https://auth.example.com");
        assertThat(oauth.dialect()).isEqualTo(Dialect.OAUTH);
        assertThat(oauth.publisherKeys()).singleElement().satisfies(k -> {
            assertThat(k.material()).isEqualTo("oauth-secret");
            assertThat(k.algorithm()).isEqualTo("HS512");
            assertThat(k.dialect()).isEqualTo(Dialect.OAUTH);
        });
        assertThat(oauth.subscriberKeys()).isEqualTo(oauth.publisherKeys());
        IssuerSpec legacy = c.auth().issuers().get(1);
        assertThat(legacy.id()).isNull();
        assertThat(legacy.dialect()).isEqualTo(Dialect.LEGACY);
        assertThat(legacy.publisherKeys()).singleElement().extracting(KeySpec::material)
                .isEqualTo("symfony-publisher-secret");
        assertThat(legacy.subscriberKeys()).singleElement().extracting(KeySpec::material)
                .isEqualTo("symfony-subscriber-secret");
        assertThat(c.auth().publisherKeys()).as("no JWT_KEY-style key is generated beside issuers").isEmpty();
        assertThat(c.auth().generatedKey()).isFalse();
        assertThat(c.features().legacy()).as("a legacy issuer turns the 0.x wire on").isTrue();
    }

    @Test
    @DisplayName("issuers.md: flags: --issuer-1-id, --issuer-1-jwks-url for both roles, --issuer-1-publisher-jwks-url "
            + "overriding it; an oauth-only hub has the 0.x wire off")
    void fromFlags() throws ConfigException {
        HubConfig c = load(Map.of(), env(
                "issuer-1-id", "https://auth.example.com",
                "issuer-1-jwks-url", "https://auth.example.com/jwks.json",
                "issuer-1-publisher-jwks-url", "https://auth.example.com/publishers.json"));
        IssuerSpec i = c.auth().issuers().get(0);
        assertThat(i.id()).isEqualTo("https://auth.example.com");
        assertThat(i.dialect()).isEqualTo(Dialect.OAUTH);
        assertThat(i.subscriberJwks()).isEqualTo("https://auth.example.com/jwks.json");
        assertThat(i.publisherJwks()).isEqualTo("https://auth.example.com/publishers.json");
        assertThat(i.publisherKeys()).isEmpty();
        assertThat(c.features().legacy()).isFalse();
    }

    @Test
    @DisplayName("issuers.md: a flag beats the environment for the same issuer field; fields from both merge")
    void flagBeatsEnvironment() throws ConfigException {
        HubConfig c = load(env("QUICKSILVER_ISSUER_1_ID", "https://env.example.com", "QUICKSILVER_ISSUER_1_KEY", "k"),
                env("issuer-1-id", "https://flag.example.com"));
        assertThat(c.auth().issuers()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("https://flag.example.com");
            assertThat(i.publisherKeys()).singleElement().extracting(KeySpec::material).isEqualTo("k");
        });
    }

    @Test
    @DisplayName("issuers.md: KEY_FILE reads the key (a PEM) from a file; SUBSCRIBER_KEY_FILE for one role")
    void keyFile(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("issuer.pem"), PEM_RSA);
        HubConfig c = load(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_KEY_FILE", pem.toString(), "QUICKSILVER_ISSUER_1_ALG", "RS256",
                "QUICKSILVER_ISSUER_1_SUBSCRIBER_KEY", "subscriber-secret",
                "QUICKSILVER_ISSUER_1_SUBSCRIBER_ALG", "HS256"), Map.of());
        IssuerSpec i = c.auth().issuers().get(0);
        assertThat(i.publisherKeys()).singleElement().satisfies(k -> {
            assertThat(k.material()).isEqualTo(PEM_RSA);
            assertThat(k.algorithm()).isEqualTo("RS256");
        });
        assertThat(i.subscriberKeys()).singleElement().satisfies(k -> {
            assertThat(k.material()).isEqualTo("subscriber-secret");
            assertThat(k.algorithm()).isEqualTo("HS256");
        });
    }

    @Test
    @DisplayName("issuers.md: error: an oauth issuer without ID, named by its number and variable")
    void oauthWithoutId() {
        assertThat(problems(env("QUICKSILVER_ISSUER_3_KEY", "secret"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 3").contains("QUICKSILVER_ISSUER_3_")
                        .contains("ID"));
        assertThat(problems(Map.of(), env("issuer-4-key", "secret")))
                .anySatisfy(p -> assertThat(p).contains("issuer 4").contains("--issuer-4-").contains("ID"));
    }

    @Test
    @DisplayName("issuers.md: a legacy or targets issuer needs no ID")
    void legacyWithoutId() throws ConfigException {
        HubConfig c = load(env("QUICKSILVER_ISSUER_1_DIALECT", "targets", "QUICKSILVER_ISSUER_1_KEY", "!ChangeMe!"),
                Map.of());
        assertThat(c.auth().issuers()).singleElement().extracting(IssuerSpec::dialect).isEqualTo(Dialect.TARGETS);
    }

    @Test
    @DisplayName("issuers.md: error: an unknown issuer field, in the environment and as a flag, named with the known "
            + "fields")
    void unknownField() {
        List<String> env = problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_KEY", "k", "QUICKSILVER_ISSUER_1_COLOR", "blue"), Map.of());
        assertThat(env).singleElement().asString().contains("QUICKSILVER_ISSUER_1_COLOR")
                .contains("unknown issuer field COLOR").contains("JWKS_URL");
        List<String> flags = problems(Map.of(), env("issuer-1-id", "https://as.example.com", "issuer-1-key", "k",
                "issuer-1-colour", "blue"));
        assertThat(flags).singleElement().asString().contains("--issuer-1-colour").contains("COLOUR");
        assertThat(problems(Map.of(), env("issuer-x-id", "a"))).singleElement().asString()
                .contains("--issuer-x-id").contains("unknown setting");
    }

    @Test
    @DisplayName("issuers.md: error: an issuer with no key and no JWKS_URL")
    void noKey() {
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("no key and no JWKS_URL"));
    }

    @Test
    @DisplayName("issuers.md: error: an unknown dialect, an unreadable key file, a malformed PEM, a secret with RS256")
    void badValues(@TempDir Path dir) {
        assertThat(problems(env("QUICKSILVER_ISSUER_1_DIALECT", "2.0", "QUICKSILVER_ISSUER_1_KEY", "k"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("unknown dialect \"2.0\""));
        String missing = dir.resolve("missing.pem").toString();
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_KEY_FILE", missing), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("cannot read the key file").contains(missing));
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_KEY", "-----BEGIN PUBLIC KEY-----"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("PEM"));
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_KEY", "secret", "QUICKSILVER_ISSUER_1_ALG", "RS256"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("RS256"));
    }

    @Test
    @DisplayName("issuers.md: error: a JWKS_URL over plain http to a non-loopback host, with another scheme, or "
            + "malformed is named at load (it used to fail only at start, naming no setting); loopback http and "
            + "file:// are fine")
    void badJwksUrl() throws ConfigException {
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_JWKS_URL", "http://as.example.com/jwks.json"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("http://as.example.com/jwks.json")
                        .contains("https"));
        assertThat(problems(Map.of(), env("issuer-1-id", "https://as.example.com",
                "issuer-1-subscriber-jwks-url", "ftp://as.example.com/jwks.json", "issuer-1-publisher-key", "k")))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("ftp://as.example.com/jwks.json"));
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_JWKS_URL", "https://as.example.com/jwks json"), Map.of()))
                .anySatisfy(p -> assertThat(p).contains("issuer 1").contains("jwks json"));
        assertThat(problems(env("MERCURE_EXTRA_DIRECTIVES", "subscriber_jwks_url http://as.example.com/jwks.json",
                "QUICKSILVER_PUBLISHER_JWT_KEY", "k", "QUICKSILVER_ANONYMOUS", "1"), Map.of()))
                .as("the reference image's directive, the same check")
                .anySatisfy(p -> assertThat(p).contains("MERCURE_EXTRA_DIRECTIVES").contains("http://as.example.com"));
        HubConfig ok = load(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_JWKS_URL", "http://127.0.0.1:8080/jwks.json",
                "QUICKSILVER_ISSUER_2_ID", "https://as2.example.com",
                "QUICKSILVER_ISSUER_2_JWKS_URL", "file:///etc/quicksilver/jwks.json"), Map.of());
        assertThat(ok.auth().issuers()).hasSize(2);
    }

    @Test
    @DisplayName("issuers.md: every problem is reported at once; no issuer verifying publishers is one too")
    void allAtOnce() {
        List<String> p = problems(env("QUICKSILVER_ISSUER_1_KEY", "k", "QUICKSILVER_ISSUER_2_ID", "https://b.example.com",
                "QUICKSILVER_ISSUER_3_DIALECT", "nope", "QUICKSILVER_ISSUER_3_KEY", "k"), Map.of());
        assertThat(p).anySatisfy(s -> assertThat(s).contains("issuer 1").contains("ID"))
                .anySatisfy(s -> assertThat(s).contains("issuer 2").contains("no key"))
                .anySatisfy(s -> assertThat(s).contains("issuer 3").contains("unknown dialect"));
        assertThat(problems(env("QUICKSILVER_ISSUER_1_ID", "https://as.example.com",
                "QUICKSILVER_ISSUER_1_SUBSCRIBER_KEY", "k"), Map.of()))
                .anySatisfy(s -> assertThat(s).contains("no issuer verifies publishers"));
    }
}
