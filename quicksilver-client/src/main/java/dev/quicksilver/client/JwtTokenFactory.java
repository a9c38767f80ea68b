package dev.quicksilver.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints JWTs in the shape each protocol era's hub reads (docs/protocol-eras.md, docs/issuers.md):
 * <ul>
 *   <li>{@link #legacy}: 0.x, {@code {"mercure":{"publish":[selectors],"subscribe":[selectors],"payload":…}}};</li>
 *   <li>{@link #targets}: the seed era, the same {@code mercure} claim holding target labels;</li>
 *   <li>{@link #accessToken}: 1.0, an RFC 9068 access token ({@code typ: at+jwt}, {@code iss},
 *   {@code aud} = the hub's public URL, {@code exp}, {@code iat}, {@code jti}) with
 *   {@code authorization_details} (RFC 9396) of the Mercure type.</li>
 * </ul>
 */
public final class JwtTokenFactory implements TokenFactory {
    /** The {@code type} of a Mercure authorization detail (draft-08 "Authorization"). */
    public static final String AUTHORIZATION_DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

    private enum Era { LEGACY, TARGETS, ACCESS_TOKEN }

    private final Era era;
    private final SigningKey key;
    private final String issuer;
    private final String audience;
    private final List<Match> publish;
    private final List<Match> subscribe;
    private final Object payload;
    private final Duration lifetime;
    private final Map<String, Object> extraClaims;
    private final Clock clock;

    private JwtTokenFactory(Builder b) {
        this.era = b.era;
        this.key = b.key;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.publish = List.copyOf(b.publish);
        this.subscribe = List.copyOf(b.subscribe);
        this.payload = b.payload;
        this.lifetime = b.lifetime;
        this.extraClaims = Map.copyOf(b.extraClaims);
        this.clock = b.clock;
        if (era == Era.ACCESS_TOKEN && lifetime == null) {
            throw new IllegalArgumentException("An access token needs a lifetime: RFC 9068 requires exp.");
        }
    }

    /** 0.x tokens: {@code publish}/{@code subscribe} hold topic selectors (URI Templates, {@code *}). */
    public static Builder legacy(SigningKey key) {
        return new Builder(Era.LEGACY, key, null, null);
    }

    /** Seed-era tokens: {@code publish}/{@code subscribe} hold target labels ({@code *}: all). */
    public static Builder targets(SigningKey key) {
        return new Builder(Era.TARGETS, key, null, null);
    }

    /**
     * 1.0 access tokens from this issuer (the hub's configured issuer id) for this hub (its public
     * URL, as the hub advertises it). The lifetime defaults to 5 minutes.
     */
    public static Builder accessToken(SigningKey key, String issuer, String hubUrl) {
        return new Builder(Era.ACCESS_TOKEN, key, Objects.requireNonNull(issuer, "issuer"),
                Objects.requireNonNull(hubUrl, "hubUrl")).lifetime(Duration.ofMinutes(5));
    }

    @Override
    public String create() {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        extraClaims.forEach(claims::claim);
        if (lifetime != null) {
            claims.expirationTime(Date.from(now.plus(lifetime)));
        }
        JWSHeader.Builder header = new JWSHeader.Builder(key.algorithm()).keyID(key.keyId());
        if (era == Era.ACCESS_TOKEN) {
            // RFC 9068 section 2.1: the header type marks an access token; the hub verifies it with
            // the issuer its iss names, and never with a legacy key (docs/issuers.md).
            header.type(new JOSEObjectType("at+jwt"));
            claims.issuer(issuer).audience(audience).issueTime(Date.from(now)).jwtID(UUID.randomUUID().toString())
                    .claim("authorization_details", authorizationDetails());
        } else {
            header.type(JOSEObjectType.JWT);
            claims.claim("mercure", mercureClaim());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing the token failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private Map<String, Object> mercureClaim() {
        Map<String, Object> mercure = new LinkedHashMap<>();
        mercure.put("publish", values(publish));
        mercure.put("subscribe", values(subscribe));
        if (payload != null) {
            mercure.put("payload", payload);
        }
        return mercure;
    }

    private List<Object> authorizationDetails() {
        List<Object> details = new ArrayList<>();
        if (!publish.isEmpty()) {
            details.add(detail("publish", publish, null));
        }
        if (!subscribe.isEmpty()) {
            details.add(detail("subscribe", subscribe, payload));
        }
        return details;
    }

    private static Map<String, Object> detail(String action, List<Match> topics, Object payload) {
        List<Object> matches = new ArrayList<>();
        for (Match m : topics) {
            matches.add(Map.of("match", m.value, "match_type", m.urlPattern ? "urlpattern" : "exact"));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", AUTHORIZATION_DETAIL_TYPE);
        detail.put("actions", List.of(action));
        detail.put("topics", matches);
        if (payload != null) {
            detail.put("payload", payload);
        }
        return detail;
    }

    private static List<String> values(List<Match> matches) {
        List<String> out = new ArrayList<>();
        for (Match m : matches) {
            out.add(m.value);
        }
        return out;
    }

    /** A topic grant: exact (or {@code *}), or a URL Pattern (1.0 only; 0.x reads every selector its own way). */
    private static final class Match {
        final String value;
        final boolean urlPattern;

        Match(String value, boolean urlPattern) {
            this.value = Objects.requireNonNull(value, "topic");
            this.urlPattern = urlPattern;
        }
    }

    /** The grants and times of the tokens a {@link JwtTokenFactory} mints. */
    public static final class Builder {
        private final Era era;
        private final SigningKey key;
        private final String issuer;
        private final String audience;
        private final List<Match> publish = new ArrayList<>();
        private final List<Match> subscribe = new ArrayList<>();
        private Object payload;
        private Duration lifetime;
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder(Era era, SigningKey key, String issuer, String audience) {
            this.era = era;
            this.key = Objects.requireNonNull(key, "key");
            this.issuer = issuer;
            this.audience = audience;
        }

        /** Grants publishing on these topics (0.x: selectors; seed era: target labels; 1.0: exact topics). */
        public Builder publish(String... topics) {
            for (String t : topics) {
                publish.add(new Match(t, false));
            }
            return this;
        }

        /** Grants subscribing (reading private or targeted updates) on these, as {@link #publish}. */
        public Builder subscribe(String... topics) {
            for (String t : topics) {
                subscribe.add(new Match(t, false));
            }
            return this;
        }

        /** 1.0: grants publishing on topics matching these URL Patterns. */
        public Builder publishMatching(String... urlPatterns) {
            requireAccessToken();
            for (String t : urlPatterns) {
                publish.add(new Match(t, true));
            }
            return this;
        }

        /** 1.0: grants subscribing on topics matching these URL Patterns. */
        public Builder subscribeMatching(String... urlPatterns) {
            requireAccessToken();
            for (String t : urlPatterns) {
                subscribe.add(new Match(t, true));
            }
            return this;
        }

        /** Data the hub attaches to the subscriber's subscription events (a JSON value: map, list, string...). */
        public Builder payload(Object value) {
            payload = value;
            return this;
        }

        /** How long each token is valid ({@code exp}); null: no expiry (0.x and seed era only). */
        public Builder lifetime(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("A lifetime must be positive: " + value);
            }
            lifetime = value;
            return this;
        }

        /** Another claim ({@code sub}, ...), as a JSON value. */
        public Builder claim(String name, Object value) {
            extraClaims.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** The clock of {@code exp} and {@code iat} (tests). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public JwtTokenFactory build() {
            return new JwtTokenFactory(this);
        }

        private void requireAccessToken() {
            if (era != Era.ACCESS_TOKEN) {
                throw new IllegalArgumentException("URL Pattern grants exist only in 1.0 access tokens.");
            }
        }
    }
}
