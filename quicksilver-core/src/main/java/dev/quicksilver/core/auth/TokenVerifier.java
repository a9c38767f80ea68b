package dev.quicksilver.core.auth;

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

/**
 * Verifies a JWS against the keys of one role (publisher or subscriber) and reads its claims in
 * the dialect of the key that verified it. {@code alg: none} never parses; the algorithm must be
 * the one the key is bound to; {@code jwk}, {@code jku} and {@code x5u} headers are never used; an
 * expired token or one not yet valid is refused in every dialect. Thread-safe.
 */
public final class TokenVerifier {
    /** The most entries a {@code publish} or {@code subscribe} claim may hold, as in the reference hub. */
    public static final int MAX_CLAIM_ENTRIES = 1000;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final List<TokenKey> keys;
    private final TopicSelectors selectors;
    private final Clock clock;

    public TokenVerifier(List<TokenKey> keys, TopicSelectors selectors, Clock clock) {
        this.keys = List.copyOf(keys);
        this.selectors = selectors;
        this.clock = clock;
    }

    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    public List<TokenKey> keys() {
        return keys;
    }

    /** @throws AuthException 401 {@code invalid_token} for any token that is not accepted */
    public Principal verify(String token) {
        if (keys.isEmpty()) {
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
        TokenKey key = verifyingKey(jwt);
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
        };
    }

    private TokenKey verifyingKey(SignedJWT jwt) {
        byte[] signingInput = jwt.getSigningInput();
        boolean algorithmKnown = false;
        for (TokenKey key : keys) {
            if (key.algorithm().equals(jwt.getHeader().getAlgorithm())) {
                algorithmKnown = true;
                if (key.verify(jwt.getHeader(), signingInput, jwt.getSignature())) {
                    return key;
                }
            }
        }
        if (!algorithmKnown) {
            throw AuthException.invalidToken("The token's algorithm " + jwt.getHeader().getAlgorithm()
                    + " is not the one this hub's keys use.");
        }
        throw AuthException.invalidToken("The token's signature is invalid.");
    }

    private void checkTimes(JWTClaimsSet claims, TokenKey key) throws ParseException {
        Date now = Date.from(clock.instant());
        Date exp = claims.getDateClaim("exp");
        if (exp == null && key.options().requireExpiry()) {
            throw AuthException.invalidToken("The token has no expiration time (exp).");
        }
        if (exp != null && !now.before(exp)) {
            throw AuthException.invalidToken("The token has expired.");
        }
        Date nbf = claims.getDateClaim("nbf");
        if (nbf != null && now.before(nbf)) {
            throw AuthException.invalidToken("The token is not valid yet (nbf).");
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
