package dev.quicksilver.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The keys that may verify one kind of token (one role, or one issuer's role), gathered from its
 * {@link KeySource}s, and the choice of the key that verifies a given JWS. When a token names a key
 * id ({@code kid}) that no known key has, {@link #verifyingKeyAsync} asks the sources for fresh keys
 * once (the issuer may have rotated them; the sources rate-limit the fetches) and tries again.
 * Thread-safe; holds no keys itself, so every call sees the sources' current keys.
 */
public final class KeyRing {
    private final List<KeySource> sources;

    public KeyRing(List<KeySource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** True when there is at least one source, even if it has loaded no key yet. */
    public boolean hasSources() {
        return !sources.isEmpty();
    }

    public List<KeySource> sources() {
        return sources;
    }

    /** The keys every source knows now. Never blocks (a stale JWK Set refreshes in the background). */
    public List<TokenKey> keys() {
        if (sources.size() == 1) {
            return sources.get(0).keys();
        }
        List<TokenKey> all = new ArrayList<>();
        for (KeySource source : sources) {
            all.addAll(source.keys());
        }
        return all;
    }

    /** Starts every source; completes when each has finished its first load, with the keys known then. */
    public CompletionStage<List<TokenKey>> start() {
        return allThenKeys(sources.stream().map(KeySource::start).toArray(CompletionStage[]::new));
    }

    /** Refreshes every source (each rate-limits itself); completes with the keys known afterwards. */
    public CompletionStage<List<TokenKey>> refresh() {
        return allThenKeys(sources.stream().map(KeySource::refresh).toArray(CompletionStage[]::new));
    }

    private CompletionStage<List<TokenKey>> allThenKeys(CompletionStage<?>[] stages) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[stages.length];
        for (int i = 0; i < stages.length; i++) {
            // A source that breaks its contract and fails must not fail the whole refresh.
            futures[i] = stages[i].toCompletableFuture().exceptionally(e -> null);
        }
        return CompletableFuture.allOf(futures).thenApply(ignored -> keys());
    }

    /**
     * The key among the current ones that verifies the JWS; see {@link #verifyingKey(SignedJWT, List)}.
     *
     * @throws AuthException 401 {@code invalid_token} when none does
     */
    public TokenKey verifyingKey(SignedJWT jwt) {
        return verifyingKey(jwt, keys());
    }

    /**
     * Like {@link #verifyingKey(SignedJWT)}, but when no current key verifies the JWS and its
     * {@code kid} names none of them, refreshes the sources once and tries the keys known
     * afterwards. Completes exceptionally with the {@link AuthException} itself (not wrapped) when
     * no key verifies it; after a refresh, on the thread that fetched the keys.
     */
    public CompletionStage<TokenKey> verifyingKeyAsync(SignedJWT jwt) {
        List<TokenKey> keys = keys();
        try {
            return CompletableFuture.completedFuture(verifyingKey(jwt, keys));
        } catch (AuthException e) {
            if (!namesUnknownKey(jwt.getHeader(), keys)) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<TokenKey> retried = new CompletableFuture<>();
        refresh().whenComplete((fresh, failure) -> {
            // Completed by hand, so callers see the AuthException itself, not a CompletionException.
            try {
                retried.complete(verifyingKey(jwt, failure == null ? fresh : keys()));
            } catch (RuntimeException e) {
                retried.completeExceptionally(e);
            }
        });
        return retried;
    }

    /**
     * True when the header names a key id and no key has it: the one failure a refresh of the key
     * sources may cure. A token without {@code kid}, or whose key is known but whose signature does
     * not verify, never causes a fetch, so forged tokens cannot make the hub hammer an issuer
     * (beyond the sources' own rate limit).
     */
    public static boolean namesUnknownKey(JWSHeader header, List<TokenKey> keys) {
        String kid = header.getKeyID();
        if (kid == null) {
            return false;
        }
        for (TokenKey key : keys) {
            if (kid.equals(key.keyId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first key that is bound to the JWS's algorithm and verifies its signature. A key with a
     * key id is tried only when the token names no key id or the same one (a token's {@code kid}
     * selects among a JWK Set's keys, as RFC 7515 intends); a key without one (a configured secret
     * or PEM) is tried whatever the token's {@code kid}, as before key ids existed.
     *
     * @throws AuthException 401 {@code invalid_token} when none does
     */
    public static TokenKey verifyingKey(SignedJWT jwt, List<TokenKey> keys) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        String kid = header.getKeyID();
        byte[] signingInput = jwt.getSigningInput();
        boolean algorithmKnown = false;
        boolean candidate = false;
        for (TokenKey key : keys) {
            if (kid != null && key.keyId() != null && !kid.equals(key.keyId())) {
                continue;
            }
            candidate = true;
            if (key.algorithm().equals(algorithm)) {
                algorithmKnown = true;
                if (key.verify(header, signingInput, jwt.getSignature())) {
                    return key;
                }
            }
        }
        if (!candidate) {
            throw AuthException.invalidToken(kid != null ? "The token's key id (kid) names no key this hub knows."
                    : "This hub has no key to verify the token yet.");
        }
        if (!algorithmKnown) {
            throw AuthException.invalidToken("The token's algorithm " + algorithm
                    + " is not the one this hub's keys use.");
        }
        throw AuthException.invalidToken("The token's signature is invalid.");
    }
}
