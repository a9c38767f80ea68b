package dev.quicksilver.core.auth;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where one issuer's verification keys for one role come from: fixed keys from the configuration,
 * or a JWK Set that is fetched, cached and rotated. Each issuer has its own sources, so one
 * issuer's key never verifies another issuer's token. Thread-safe.
 */
public interface KeySource {

    /** The keys known now. Never blocks. */
    List<TokenKey> keys();

    /**
     * Asks for fresh keys because a token names a key id that none of {@link #keys()} has (the
     * issuer may have rotated its keys). Implementations rate-limit this, so unknown key ids cannot
     * make the hub hammer the issuer. Completes, possibly on another thread, with the keys known
     * afterwards; never completes exceptionally (a failed fetch keeps the previous keys).
     */
    default CompletionStage<List<TokenKey>> refresh() {
        return CompletableFuture.completedFuture(keys());
    }

    /**
     * Starts loading the keys if they are loaded from somewhere, and completes once the first load
     * has finished, successfully or not, with the keys known then (possibly none). A hub waits for
     * it at start-up with a timeout of its choosing and starts anyway when it times out; the source
     * keeps retrying on demand. Never completes exceptionally. Idempotent.
     */
    default CompletionStage<List<TokenKey>> start() {
        return CompletableFuture.completedFuture(keys());
    }

    /** Keys fixed by the configuration. */
    static KeySource of(List<TokenKey> keys) {
        List<TokenKey> copy = List.copyOf(keys);
        return () -> copy;
    }
}
