package dev.quicksilver.spring;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mercure.*} properties: the hubs the application publishes to, the embedded hub,
 * discovery and the JPA publishing. Documented in docs/spring-boot.md.
 */
@ConfigurationProperties("mercure")
public class MercureProperties {
    /** The hubs, by name: {@code mercure.hubs.<name>.url} and so on. */
    private Map<String, Hub> hubs = new LinkedHashMap<>();
    /** The hub used when none is named; unset, the only hub (or the one named "default"). */
    private @Nullable String defaultHub;
    private final Embedded embedded = new Embedded();
    private final Discovery discovery = new Discovery();
    private final Jpa jpa = new Jpa();

    public Map<String, Hub> getHubs() {
        return hubs;
    }

    public void setHubs(Map<String, Hub> hubs) {
        this.hubs = hubs;
    }

    public @Nullable String getDefaultHub() {
        return defaultHub;
    }

    public void setDefaultHub(@Nullable String defaultHub) {
        this.defaultHub = defaultHub;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    public Jpa getJpa() {
        return jpa;
    }

    /** One hub the application publishes to. */
    public static class Hub {
        /** Where updates are published, e.g. https://hub.example.com/.well-known/mercure. */
        private @Nullable URI url;
        /** The URL subscribers use (discovery, cookies, the aud of access tokens); the publish URL unless set. */
        private @Nullable String publicUrl;
        /**
         * Name of the authorization cookie the hub reads; unset, mercureAuthorization (the hub's
         * cookie-name), or __Secure-mercure_access_token when jwt.issuer makes 1.0 access tokens.
         */
        private @Nullable String cookieName;
        private final Jwt jwt = new Jwt();

        public @Nullable URI getUrl() {
            return url;
        }

        public void setUrl(@Nullable URI url) {
            this.url = url;
        }

        public @Nullable String getPublicUrl() {
            return publicUrl;
        }

        public void setPublicUrl(@Nullable String publicUrl) {
            this.publicUrl = publicUrl;
        }

        public @Nullable String getCookieName() {
            return cookieName;
        }

        public void setCookieName(@Nullable String cookieName) {
            this.cookieName = cookieName;
        }

        public Jwt getJwt() {
            return jwt;
        }
    }

    /**
     * How the tokens sent to a hub are made: a static token, or minted with a shared secret or a
     * private key. The same key signs the subscribers' authorization cookies.
     */
    public static class Jwt {
        /** A token minted elsewhere, sent as is (no key needed). */
        private @Nullable String token;
        /** Shared secret for HS256/384/512. */
        private @Nullable String secret;
        /** Private key in PEM (PKCS#8) for RS256, PS256, ES256 or EdDSA. */
        private @Nullable String key;
        /** Signature algorithm. */
        private String algorithm = "HS256";
        /** Topic selectors the publisher token grants (the mercure.publish claim). */
        private List<String> publish = new ArrayList<>(List.of("*"));
        /** Topic selectors every subscriber cookie grants, in addition to those asked for. */
        private List<String> subscribe = new ArrayList<>();
        /** Lifetime of minted tokens. */
        private Duration lifetime = Duration.ofHours(1);
        /** Mint 1.0 access tokens (RFC 9068) from this issuer instead of 0.x tokens with a mercure claim. */
        private @Nullable String issuer;

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }

        public @Nullable String getSecret() {
            return secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public @Nullable String getKey() {
            return key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public String getAlgorithm() {
            return algorithm;
        }

        public void setAlgorithm(String algorithm) {
            this.algorithm = algorithm;
        }

        public List<String> getPublish() {
            return publish;
        }

        public void setPublish(List<String> publish) {
            this.publish = publish;
        }

        public List<String> getSubscribe() {
            return subscribe;
        }

        public void setSubscribe(List<String> subscribe) {
            this.subscribe = subscribe;
        }

        public Duration getLifetime() {
            return lifetime;
        }

        public void setLifetime(Duration lifetime) {
            this.lifetime = lifetime;
        }

        public @Nullable String getIssuer() {
            return issuer;
        }

        public void setIssuer(@Nullable String issuer) {
            this.issuer = issuer;
        }
    }

    /** A Quicksilver hub started in the application's JVM (needs quicksilver-server on the classpath). */
    public static class Embedded {
        /** Start the embedded hub. */
        private boolean enabled;
        /** The name it is published to under, as mercure.hubs names hubs. */
        private String name = "embedded";
        /** Port to listen on; 0 for any free one. */
        private int port;
        /** Interface to listen on. */
        private String host = "127.0.0.1";
        /** Key that verifies subscribers' tokens; the authorization cookies are signed with it (HS256). */
        private @Nullable String subscriberKey;
        /** Subscribers without a token receive public updates. */
        private boolean anonymous;
        /** Any other hub setting, by its name in the hub's configuration table (e.g. heartbeat: 15s). */
        private Map<String, String> settings = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public @Nullable String getSubscriberKey() {
            return subscriberKey;
        }

        public void setSubscriberKey(@Nullable String subscriberKey) {
            this.subscriberKey = subscriberKey;
        }

        public boolean isAnonymous() {
            return anonymous;
        }

        public void setAnonymous(boolean anonymous) {
            this.anonymous = anonymous;
        }

        public Map<String, String> getSettings() {
            return settings;
        }

        public void setSettings(Map<String, String> settings) {
            this.settings = settings;
        }
    }

    /** The discovery Link header (Mercure draft "Discovery"). */
    public static class Discovery {
        /** Add {@code Link: <hub>; rel="mercure"} to every response of the servlet application. */
        private boolean enabled = true;
        /** The hubs advertised, by name; empty means the default hub. */
        private List<String> hubs = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getHubs() {
            return hubs;
        }

        public void setHubs(List<String> hubs) {
            this.hubs = hubs;
        }
    }

    /** Entities annotated with @Mercure. */
    public static class Jpa {
        /** Publish @Mercure entities' changes. */
        private boolean enabled = true;
        /**
         * Base of the resources' URLs (their topics), e.g. https://example.com/api; unset, the base of
         * the current request.
         */
        private @Nullable String baseUrl;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(@Nullable String baseUrl) {
            this.baseUrl = baseUrl;
        }
    }
}
