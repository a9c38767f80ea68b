package dev.quicksilver.core.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Verifies a JWS for one role (publisher or subscriber) and reads its claims in the dialect of
 * what verified it.
 *
 * <p>A 1.0 access token ({@code typ} {@code at+jwt}) is verified only by the keys of the
 * {@code oauth} issuer its {@code iss} names, with every RFC 9068 check ({@code exp} required,
 * {@code aud} naming this hub); any other token only by the legacy and targets keys, with their
 * relaxed rules. So relaxed validation never applies to a 1.0 token, even when an operator gives
 * both kinds of issuer the same key, and one issuer's key never verifies another issuer's token.
 *
 * <p>In every dialect: {@code alg: none} never parses; the algorithm must be the one the key is
 * bound to; {@code jwk}, {@code jku} and {@code x5u} headers are never used; an expired token or
 * one not yet valid is refused. Thread-safe.
 */
public final class TokenVerifier {
    /** The most entries a {@code publish} or {@code subscribe} claim may hold, as in the reference hub. */
    public static final int MAX_CLAIM_ENTRIES = 1000;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final KeyRing keys;
    private final Map<String, KeyRing> issuers;
    private final Supplier<String> resource;
    private final TopicSelectors selectors;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens();

    /** A verifier with fixed legacy or targets keys (none: every token is refused). */
    public TokenVerifier(List<TokenKey> keys, TopicSelectors selectors, Clock clock) {
        this(new KeyRing(keys.isEmpty() ? List.of() : List.of(KeySource.of(keys))), Map.of(), () -> null, selectors,
                clock);
    }

    private TokenVerifier(KeyRing keys, Map<String, KeyRing> issuers, Supplier<String> resource,
            TopicSelectors selectors, Clock clock) {
        this.keys = keys;
        this.issuers = Map.copyOf(issuers);
        this.resource = resource;
        this.selectors = selectors;
        this.clock = clock;
    }

    /**
     * A verifier of both kinds of token.
     *
     * @param legacy the keys of the legacy and targets issuers for this role
     * @param issuers the keys of each {@code oauth} issuer for this role, by its {@code iss} value
     * @param resource the hub's resource identifier (its public URL): the audience 1.0 tokens must
     *     name, and the base of relative URL patterns in their grants
     */
    public static TokenVerifier of(KeyRing legacy, Map<String, KeyRing> issuers, Supplier<String> resource,
            TopicSelectors selectors, Clock clock) {
        return new TokenVerifier(legacy, issuers, resource, selectors, clock);
    }

    /**
     * A verifier whose keys come from sources, fixed or JWK Sets (a constructor overload would have
     * the same erasure as the one taking keys).
     */
    public static TokenVerifier withSources(List<KeySource> sources, TopicSelectors selectors, Clock clock) {
        return new TokenVerifier(new KeyRing(sources), Map.of(), () -> null, selectors, clock);
    }

    /** True when some key or key source is configured, even if a JWK Set has loaded no key yet. */
    public boolean hasKeys() {
        return keys.hasSources() || !issuers.isEmpty();
    }

    /** True when a compact JWS claims to be a 1.0 access token ({@code typ} {@code at+jwt}); false when it does not parse. */
    public static boolean isAccessToken(String token) {
        try {
            return isAccessToken(JWSHeader.parse(com.nimbusds.jose.util.Base64URL.from(
                    token.substring(0, Math.max(0, token.indexOf('.'))))));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** RFC 9068 §2.1: {@code at+jwt}, case-insensitively, with or without the {@code application/} prefix. */
    private static boolean isAccessToken(JWSHeader header) {
        if (header.getType() == null) {
            return false;
        }
        String type = header.getType().getType().toLowerCase(java.util.Locale.ROOT);
        return type.equals("at+jwt") || type.equals("application/at+jwt");
    }

    /** The keys known now. */
    public List<TokenKey> keys() {
        return keys.keys();
    }

    /** The key sources, for start-up (see {@link KeyRing#start()}). */
    public KeyRing keyRing() {
        return keys;
    }

    /**
     * Verifies with the keys known now; a token whose key a JWK Set has not loaded yet is refused.
     *
     * @throws AuthException 401 {@code invalid_token} for any token that is not accepted
     */
    public Principal verify(String token) {
        Principal known = verified.get(token, clock.instant());
        if (known != null) {
            return known;
        }
        SignedJWT jwt = parse(token);
        try {
            boolean accessToken = isAccessToken(jwt.getHeader());
            KeyRing ring = accessToken ? issuerOf(jwt) : legacyKeys();
            TokenKey key = ring.verifyingKey(jwt);
            return remember(token, accessToken ? accessToken(jwt, key) : principal(jwt, key), key, ring);
        } catch (AuthException e) {
            throw e.explained(describe(jwt));
        }
    }

    /**
     * What the refused token says of itself, for the operator who must find out which key or
     * issuer it was meant for: its algorithm, key id and issuer, read before (or without)
     * verification. Never the signature or other claims.
     */
    static String describe(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        StringBuilder d = new StringBuilder("The token tried: ").append(isAccessToken(header) ? "a 1.0 access token"
                : "a token").append(" signed with ").append(header.getAlgorithm());
        d.append(header.getKeyID() == null ? ", no key id (kid)" : ", key id (kid) " + AuthException.quote(header.getKeyID()));
        Object iss;
        try {
            iss = jwt.getJWTClaimsSet().getClaim("iss");
        } catch (ParseException e) {
            iss = null;
        }
        d.append(iss == null ? ", no issuer (iss)" : ", issuer (iss) " + AuthException.quote(iss));
        return d.append('.').toString();
    }

    private Principal remember(String token, Principal principal, TokenKey key, KeyRing ring) {
        verified.put(token, principal, key, ring);
        return principal;
    }

    /**
     * Like {@link #verify}, but a token whose {@code kid} names no known key makes the key sources
     * refresh once (rate-limited by each source) before it is refused, so tokens signed with a
     * freshly rotated key are accepted. Never throws: a refused token completes the stage
     * exceptionally with the {@link AuthException} itself (not wrapped). Completes at once unless
     * a refresh is needed, and then on the thread that fetched the keys, so an event loop must hop
     * back to its own thread before touching its channel.
     */
    public CompletionStage<Principal> verifyAsync(String token) {
        Principal known = verified.get(token, clock.instant());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        SignedJWT jwt;
        try {
            jwt = parse(token);
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean accessToken = isAccessToken(jwt.getHeader());
        KeyRing ring;
        try {
            ring = accessToken ? issuerOf(jwt) : legacyKeys();
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e.explained(describe(jwt)));
        }
        KeyRing chosen = ring;
        CompletableFuture<Principal> result = new CompletableFuture<>();
        chosen.verifyingKeyAsync(jwt).whenComplete((key, failure) -> {
            // Completed by hand, so callers see the AuthException itself, not a CompletionException.
            if (failure != null) {
                result.completeExceptionally(failure instanceof AuthException e ? e.explained(describe(jwt)) : failure);
                return;
            }
            try {
                result.complete(remember(token, accessToken ? accessToken(jwt, key) : principal(jwt, key), key, chosen));
            } catch (AuthException e) {
                result.completeExceptionally(e.explained(describe(jwt)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private KeyRing legacyKeys() {
        if (!keys.hasSources()) {
            throw AuthException.invalidToken("This hub accepts only 1.0 access tokens (typ at+jwt) here: give the "
                    + "token the header typ \"at+jwt\" and an issuer (iss) the hub trusts, or configure a key for "
                    + "this kind of token.");
        }
        return keys;
    }

    /** The keys of the oauth issuer the token names; its claims are read before its signature, only for that. */
    private KeyRing issuerOf(SignedJWT jwt) {
        Object iss;
        try {
            iss = jwt.getJWTClaimsSet().getClaim("iss");
        } catch (ParseException e) {
            throw AuthException.invalidToken("The token's claims are malformed.");
        }
        if (!(iss instanceof String name)) {
            throw AuthException.invalidToken("The access token has no issuer (iss).");
        }
        KeyRing ring = issuers.get(name);
        if (ring == null) {
            throw AuthException.invalidToken("The access token's issuer " + AuthException.quote(name)
                    + " is not one this hub trusts for this operation" + (issuers.isEmpty() ? " (it trusts none)."
                    : " (it trusts " + String.join(", ", issuers.keySet().stream().map(AuthException::quote).toList())
                            + ")."));
        }
        return ring;
    }

    /** RFC 9068 checks, then the Mercure authorization details. */
    private Principal accessToken(SignedJWT jwt, TokenKey key) {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
            if (claims.getDateClaim("exp") == null) {
                throw AuthException.invalidToken("The access token has no expiration time (exp).");
            }
            checkTimes(claims, key);
            List<String> audience = claims.getAudience();
            String hub = resource.get();
            if (audience == null || !audience.contains(hub)) {
                throw AuthException.invalidToken("The access token's audience (aud) does not name this hub: it must "
                        + "contain " + AuthException.quote(hub) + " (the hub's public-url), and it is "
                        + (audience == null || audience.isEmpty() ? "absent." : audience.stream().limit(5)
                                .map(AuthException::quote).toList() + "."));
            }
            Object subject = claims.getClaim("sub");
            return new OAuthPrincipal(AuthorizationDetails.read(claims.getClaim("authorization_details"), selectors, hub),
                    expiry(claims), claims.getIssuer(), subject instanceof String s ? s : null);
        } catch (ParseException e) {
            throw AuthException.invalidToken("The token's claims are malformed.");
        }
    }

    private SignedJWT parse(String token) {
        if (!hasKeys()) {
            throw AuthException.invalidToken("This hub accepts no token for this operation.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw AuthException.invalidToken("The token is too long.");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw AuthException.invalidToken("The token is not a signed JWT.");
        }
        if (jwt.getHeader().getCriticalParams() != null && !jwt.getHeader().getCriticalParams().isEmpty()) {
            throw AuthException.invalidToken("The token has critical header parameters this hub does not support.");
        }
        return jwt;
    }

    private Principal principal(SignedJWT jwt, TokenKey key) {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
            checkTimes(claims, key);
        } catch (ParseException e) {
            throw AuthException.invalidToken("The token's claims are malformed.");
        }
        Instant expiresAt = expiry(claims);
        Map<String, Object> mercure = mercureClaim(claims);
        return switch (key.dialect()) {
            case LEGACY -> new LegacyPrincipal(selectorList(mercure, "publish"), selectorList(mercure, "subscribe"),
                    mercure == null ? null : mercure.get("payload"), expiresAt, key.options().publicPublish());
            case TARGETS -> new TargetsPrincipal(labels(mercure, "publish"), labels(mercure, "subscribe"), expiresAt);
            case OAUTH -> throw AuthException.invalidToken("A 1.0 issuer's key verifies only access tokens (typ at+jwt).");
        };
    }

    private void checkTimes(JWTClaimsSet claims, TokenKey key) throws ParseException {
        for (String name : new String[] {"exp", "nbf", "iat"}) {
            // RFC 7519 §4.1.4: a NumericDate. A null is no date either, and refused like "x" is;
            // taken for absent, it would turn a token meant to expire into one that never does.
            if (claims.getClaims().containsKey(name) && claims.getClaim(name) == null) {
                throw AuthException.invalidToken("The token's \"" + name + "\" claim is null, not a NumericDate.");
            }
        }
        Date now = Date.from(clock.instant());
        Date exp = claims.getDateClaim("exp");
        if (exp == null && key.options().requireExpiry()) {
            throw AuthException.invalidToken("The token has no expiration time (exp), and this hub requires one.");
        }
        if (exp != null && !now.before(exp)) {
            throw AuthException.expired("The token has expired: its exp is " + exp.toInstant() + ", the hub's clock "
                    + "says " + now.toInstant() + ".");
        }
        Date nbf = claims.getDateClaim("nbf");
        if (nbf != null && now.before(nbf)) {
            throw AuthException.invalidToken("The token is not valid yet: its nbf is " + nbf.toInstant()
                    + ", the hub's clock says " + now.toInstant() + " (are the clocks in sync?).");
        }
    }

    private static Instant expiry(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        return exp == null ? null : exp.toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mercureClaim(JWTClaimsSet claims) {
        // As in the reference hub, the namespaced claim replaces the short one when both are present.
        Object claim = claims.getClaim("https://mercure.rocks/");
        if (claim == null) {
            claim = claims.getClaim("mercure");
        }
        if (claim == null) {
            return null;
        }
        if (!(claim instanceof Map)) {
            throw AuthException.invalidToken("The \"mercure\" claim must be a JSON object.");
        }
        return (Map<String, Object>) claim;
    }

    private List<TopicSelector> selectorList(Map<String, Object> mercure, String name) {
        List<String> values = strings(mercure, name);
        if (values == null) {
            return null;
        }
        List<TopicSelector> result = new ArrayList<>(values.size());
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (seen.add(value)) {
                result.add(selectors.parse(value));
            }
        }
        return List.copyOf(result);
    }

    private static Set<String> labels(Map<String, Object> mercure, String name) {
        List<String> values = strings(mercure, name);
        return values == null ? null : Set.copyOf(new LinkedHashSet<>(values));
    }

    private static List<String> strings(Map<String, Object> mercure, String name) {
        if (mercure == null || !mercure.containsKey(name) || mercure.get(name) == null) {
            return null;
        }
        if (!(mercure.get(name) instanceof Collection<?> list)) {
            throw AuthException.invalidToken("The \"mercure." + name + "\" claim must be an array of strings.");
        }
        if (list.size() > MAX_CLAIM_ENTRIES) {
            throw AuthException.invalidToken("The \"mercure." + name + "\" claim has more than "
                    + MAX_CLAIM_ENTRIES + " entries.");
        }
        List<String> values = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw AuthException.invalidToken("The \"mercure." + name + "\" claim must be an array of strings.");
            }
            values.add(s);
        }
        return values;
    }
}
