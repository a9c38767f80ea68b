package dev.quicksilver.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.List;

/**
 * Tokens that verified recently, with what they granted. A publisher sends the same token with
 * every POST, and thousands of subscribers often share one: parsing the JSON and checking the
 * signature again each time was a large part of a publish's CPU time. A hit is honoured only while
 * the token is unexpired by the hub's clock and the key that verified it is still among its ring's
 * current keys, so expiry and a JWK Set's key removal take effect exactly as without the cache.
 * Only accepted tokens are kept: a refused one costs a full check every time. Thread-safe.
 */
final class VerifiedTokens {
    /** Bounds the memory: a token is a few hundred bytes. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Principal principal, TokenKey key, KeyRing ring) {}

    // Maintenance on the calling thread: no pool thread for a cache this simple.
    private final Cache<String, Entry> entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
            .executor(Runnable::run).build();

    /** The principal of a token accepted before and still valid at {@code now}; null otherwise. */
    Principal get(String token, Instant now) {
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        Instant expiresAt = entry.principal().expiresAt();
        if ((expiresAt != null && !now.isBefore(expiresAt)) || !holds(entry.ring().keys(), entry.key())) {
            entries.invalidate(token);
            return null;
        }
        return entry.principal();
    }

    void put(String token, Principal principal, TokenKey key, KeyRing ring) {
        entries.put(token, new Entry(principal, key, ring));
    }

    private static boolean holds(List<TokenKey> keys, TokenKey key) {
        for (TokenKey k : keys) {
            if (k == key) {
                return true;
            }
        }
        return false;
    }
}
