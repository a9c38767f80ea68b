package dev.quicksilver.spring;

import dev.quicksilver.client.AuthorizationCookie;
import dev.quicksilver.client.JwtTokenFactory;
import dev.quicksilver.client.MercureHub;
import dev.quicksilver.client.SigningKey;
import dev.quicksilver.client.TokenProvider;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Makes the hubs of {@code mercure.hubs.*} from their properties, naming the property at fault. */
final class HubEndpoints {
    static final String COOKIE = AuthorizationCookie.LEGACY_NAME;
    static final String ACCESS_TOKEN_COOKIE = AuthorizationCookie.ACCESS_TOKEN_NAME;

    private HubEndpoints() {}

    /** The client that publishes to this hub over HTTP. */
    private static MercureHub client(String name, MercureProperties.Hub hub) {
        if (hub.getUrl() == null) {
            throw new IllegalArgumentException("mercure.hubs." + name + ".url is required");
        }
        MercureHub.Builder builder = MercureHub.builder(hub.getUrl().toString()).tokens(publisherTokens(name, hub));
        if (hub.getPublicUrl() != null) {
            builder.publicUrl(hub.getPublicUrl());
        }
        return builder.build();
    }

    static HubEndpoint endpoint(String name, MercureProperties.Hub hub) {
        MercureHub client = client(name, hub);
        MercureProperties.Jwt jwt = hub.getJwt();
        SigningKey key = key(name, jwt);
        String cookie = hub.getCookieName() != null ? hub.getCookieName()
                : jwt.getIssuer() != null ? ACCESS_TOKEN_COOKIE : COOKIE;
        HubEndpoint.SubscriberTokens tokens = key == null ? null
                : topics -> factory(key, jwt, client.publicUrl()).subscribe(subscribe(jwt, topics)).build().create();
        return new HubEndpoint(name, client.url(), client.publicUrl(), cookie, tokens, client, false);
    }

    static String[] subscribe(MercureProperties.Jwt jwt, List<String> topics) {
        List<String> all = new ArrayList<>(jwt.getSubscribe());
        all.addAll(topics);
        return all.toArray(String[]::new);
    }

    private static TokenProvider publisherTokens(String name, MercureProperties.Hub hub) {
        MercureProperties.Jwt jwt = hub.getJwt();
        if (jwt.getToken() != null) {
            return TokenProvider.of(jwt.getToken());
        }
        SigningKey key = key(name, jwt);
        if (key == null) {
            throw new IllegalArgumentException("mercure.hubs." + name + ".jwt: set token, secret or key, so that the "
                    + "hub accepts the application's publishes");
        }
        String audience = hub.getPublicUrl() != null ? hub.getPublicUrl() : String.valueOf(hub.getUrl());
        return TokenProvider.cached(factory(key, jwt, audience).publish(jwt.getPublish().toArray(String[]::new)).build());
    }

    /** 0.x tokens, or 1.0 access tokens when an issuer is set. */
    static JwtTokenFactory.Builder factory(SigningKey key, MercureProperties.Jwt jwt, String publicUrl) {
        JwtTokenFactory.Builder builder = jwt.getIssuer() == null ? JwtTokenFactory.legacy(key)
                : JwtTokenFactory.accessToken(key, jwt.getIssuer(), publicUrl);
        return builder.lifetime(jwt.getLifetime());
    }

    private static @Nullable SigningKey key(String name, MercureProperties.Jwt jwt) {
        try {
            if (jwt.getSecret() != null) {
                return SigningKey.hmac(jwt.getSecret(), jwt.getAlgorithm());
            }
            if (jwt.getKey() != null) {
                return SigningKey.fromPem(jwt.getKey(), jwt.getAlgorithm());
            }
            return null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mercure.hubs." + name + ".jwt: " + e.getMessage(), e);
        }
    }
}
