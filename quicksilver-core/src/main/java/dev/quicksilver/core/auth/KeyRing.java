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
    /**
     * The most keys of one source that are tried on one token: enough for an issuer that rotates
     * keys without naming them (the current, the next and the previous key, and one more), few
     * enough that a token costs at most a handful of signature checks per source.
     */
    public static final int MAX_CANDIDATE_KEYS = 4;

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
        return flatten(keysBySource());
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
        return verifyingKey(jwt, keysBySource());
    }

    /**
     * Like {@link #verifyingKey(SignedJWT)}, but when no current key verifies the JWS and its
     * {@code kid} names none of them, refreshes the sources once and tries the keys known
     * afterwards. Completes exceptionally with the {@link AuthException} itself (not wrapped) when
     * no key verifies it; after a refresh, on the thread that fetched the keys.
     */
    public CompletionStage<TokenKey> verifyingKeyAsync(SignedJWT jwt) {
        List<List<TokenKey>> keys = keysBySource();
        try {
            return CompletableFuture.completedFuture(verifyingKey(jwt, keys));
        } catch (AuthException e) {
            if (!namesUnknownKey(jwt.getHeader(), flatten(keys))) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<TokenKey> retried = new CompletableFuture<>();
        refresh().whenComplete((ignored, failure) -> {
            // Completed by hand, so callers see the AuthException itself, not a CompletionException.
            // The keys are read again source by source, whether or not the refresh succeeded.
            try {
                retried.complete(verifyingKey(jwt, keysBySource()));
            } catch (RuntimeException e) {
                retried.completeExceptionally(e);
            }
        });
        return retried;
    }

    /** The keys each source knows now, source by source: the bound on candidates is per source. */
    private List<List<TokenKey>> keysBySource() {
        List<List<TokenKey>> bySource = new ArrayList<>(sources.size());
        for (KeySource source : sources) {
            bySource.add(source.keys());
        }
        return bySource;
    }

    private static List<TokenKey> flatten(List<List<TokenKey>> bySource) {
        if (bySource.size() == 1) {
            return bySource.get(0);
        }
        List<TokenKey> all = new ArrayList<>();
        bySource.forEach(all::addAll);
        return all;
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
     * The first key that is bound to the JWS's algorithm and verifies its signature, the sources
     * tried in order. A key with a key id is a candidate only when the token names no key id or the
     * same one (a token's {@code kid} selects among a JWK Set's keys, as RFC 7515 §4.1.4 intends); a
     * key without one (a configured secret or PEM) is a candidate whatever the token's {@code kid},
     * as before key ids existed.
     *
     * <p>Each signature check costs CPU on the caller's thread (an event loop), and an issuer's JWK
     * Set may hold thousands of keys: a source whose candidates for the token's algorithm number
     * more than {@link #MAX_CANDIDATE_KEYS} is skipped without a single check, rather than having
     * a few of its keys tried, so that whether a token is accepted never depends on where its key
     * sits in the set. Typically a token without {@code kid} against a large JWK Set: the issuer
     * must name the key.
     *
     * @param keysBySource the keys of each source
     * @throws AuthException 401 {@code invalid_token} when none does
     */
    public static TokenKey verifyingKey(SignedJWT jwt, List<List<TokenKey>> keysBySource) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        String kid = header.getKeyID();
        byte[] signingInput = jwt.getSigningInput();
        boolean candidate = false;
        boolean algorithmKnown = false;
        boolean tooMany = false;
        for (List<TokenKey> keys : keysBySource) {
            int candidates = 0;
            for (TokenKey key : keys) {
                if (selects(kid, key)) {
                    candidate = true;
                    // Counted only until the bound is passed: a large set is not even scanned whole.
                    if (key.algorithm().equals(algorithm) && ++candidates > MAX_CANDIDATE_KEYS) {
                        break;
                    }
                }
            }
            if (candidates > MAX_CANDIDATE_KEYS) {
                tooMany = true;
                continue;
            }
            algorithmKnown |= candidates > 0;
            for (TokenKey key : keys) {
                if (selects(kid, key) && key.algorithm().equals(algorithm)
                        && key.verify(header, signingInput, jwt.getSignature())) {
                    return key;
                }
            }
        }
        if (!candidate) {
            throw AuthException.invalidToken(kid != null ? "The token's key id (kid) names no key this hub knows"
                    + knownKeyIds(keysBySource) : "This hub has no key to verify the token yet (its JWK Set has not "
                    + "loaded, or holds no usable key).");
        }
        if (tooMany) {
            throw AuthException.invalidToken(kid != null
                    ? "The token's key id (kid) fits more than " + MAX_CANDIDATE_KEYS + " of its issuer's "
                            + algorithm + " keys; this hub tries at most " + MAX_CANDIDATE_KEYS + "."
                    : "The token names no key id (kid) and its issuer has more than " + MAX_CANDIDATE_KEYS
                            + " " + algorithm + " keys; this hub tries at most " + MAX_CANDIDATE_KEYS
                            + ", so the token must name its key (kid).");
        }
        if (!algorithmKnown) {
            throw AuthException.invalidToken("The token's algorithm " + algorithm
                    + " is not the one this hub's keys use (they use " + algorithms(keysBySource) + ").");
        }
        throw AuthException.invalidToken("The token's signature is invalid: no " + algorithm + " key of this hub"
                + (kid == null ? "" : " that the kid selects") + " verifies it. The token was signed with another "
                + "key or secret than the one the hub is given.");
    }

    /** The key ids of the keys known now (public: a JWK Set publishes them), for a refused token's kid. */
    private static String knownKeyIds(List<List<TokenKey>> keysBySource) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        keysBySource.forEach(keys -> keys.forEach(k -> {
            if (k.keyId() != null) {
                ids.add(k.keyId());
            }
        }));
        if (ids.isEmpty()) {
            return " (its keys have no key ids).";
        }
        List<String> shown = ids.stream().limit(10).map(AuthException::quote).toList();
        return " (it knows " + String.join(", ", shown) + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : "")
                + ").";
    }

    /** The algorithms the keys known now are bound to. */
    private static String algorithms(List<List<TokenKey>> keysBySource) {
        java.util.Set<String> algorithms = new java.util.TreeSet<>();
        keysBySource.forEach(keys -> keys.forEach(k -> algorithms.add(k.algorithm().getName())));
        return algorithms.isEmpty() ? "none yet" : String.join(", ", algorithms);
    }

    /** Whether a token with this key id (null: none) may be verified by this key, its algorithm aside. */
    private static boolean selects(String kid, TokenKey key) {
        return kid == null || key.keyId() == null || kid.equals(key.keyId());
    }
}
