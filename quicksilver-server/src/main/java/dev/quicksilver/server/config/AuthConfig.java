package dev.quicksilver.server.config;

import java.util.List;

/**
 * Who may publish and subscribe, and where a request's token is read.
 *
 * @param publisherKeys keys that verify publishers' tokens (a trust of their own, beside the issuers)
 * @param subscriberKeys keys that verify subscribers' tokens
 * @param generatedKey true when no key was configured and the hub made a random one
 * @param issuers trusted issuers beyond the publisher and subscriber keys
 * @param requireExpiry whether tokens without an {@code exp} claim are refused
 * @param publicPublish whether any valid publisher token may publish public updates on any topic (legacy dialect)
 * @param anonymous whether subscribers without a token are allowed (public updates only)
 * @param cookieName the cookie that carries the 0.x and seed-era token
 * @param accessTokenCookie the cookie that carries 1.0 access tokens
 * @param authorizationQuery whether the token is accepted in the {@code authorization} query parameter
 * @param publishOrigins origins allowed to publish with the authorization cookie
 * @param playground whether the debugger page gets short-lived all-access 1.0 tokens from the hub
 */
public record AuthConfig(List<KeySpec> publisherKeys, List<KeySpec> subscriberKeys, boolean generatedKey,
        List<IssuerSpec> issuers, boolean requireExpiry, boolean publicPublish, boolean anonymous, String cookieName,
        String accessTokenCookie, boolean authorizationQuery, List<String> publishOrigins, boolean playground) {

    public AuthConfig {
        publisherKeys = List.copyOf(publisherKeys);
        subscriberKeys = List.copyOf(subscriberKeys);
        issuers = List.copyOf(issuers);
        publishOrigins = List.copyOf(publishOrigins);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private List<KeySpec> publisherKeys;
        private List<KeySpec> subscriberKeys;
        private boolean generatedKey;
        private List<IssuerSpec> issuers;
        private boolean requireExpiry;
        private boolean publicPublish;
        private boolean anonymous;
        private String cookieName;
        private String accessTokenCookie;
        private boolean authorizationQuery;
        private List<String> publishOrigins;
        private boolean playground;

        Builder() {}

        private Builder(AuthConfig from) {
            publisherKeys = from.publisherKeys;
            subscriberKeys = from.subscriberKeys;
            generatedKey = from.generatedKey;
            issuers = from.issuers;
            requireExpiry = from.requireExpiry;
            publicPublish = from.publicPublish;
            anonymous = from.anonymous;
            cookieName = from.cookieName;
            accessTokenCookie = from.accessTokenCookie;
            authorizationQuery = from.authorizationQuery;
            publishOrigins = from.publishOrigins;
            playground = from.playground;
        }

        public Builder publisherKeys(List<KeySpec> v) { publisherKeys = v; return this; }
        public Builder subscriberKeys(List<KeySpec> v) { subscriberKeys = v; return this; }
        public Builder generatedKey(boolean v) { generatedKey = v; return this; }
        public Builder issuers(List<IssuerSpec> v) { issuers = v; return this; }
        public Builder requireExpiry(boolean v) { requireExpiry = v; return this; }
        public Builder publicPublish(boolean v) { publicPublish = v; return this; }
        public Builder anonymous(boolean v) { anonymous = v; return this; }
        public Builder cookieName(String v) { cookieName = v; return this; }
        public Builder accessTokenCookie(String v) { accessTokenCookie = v; return this; }
        public Builder authorizationQuery(boolean v) { authorizationQuery = v; return this; }
        public Builder publishOrigins(List<String> v) { publishOrigins = v; return this; }
        public Builder playground(boolean v) { playground = v; return this; }

        public AuthConfig build() {
            return new AuthConfig(publisherKeys, subscriberKeys, generatedKey, issuers, requireExpiry, publicPublish,
                    anonymous, cookieName, accessTokenCookie, authorizationQuery, publishOrigins, playground);
        }
    }
}
