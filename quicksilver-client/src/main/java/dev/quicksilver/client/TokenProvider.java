package dev.quicksilver.client;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/** Gives the bearer token for the next request. Called once per attempt, so it may rotate tokens. */
@FunctionalInterface
public interface TokenProvider {
    String token();

    /** Always this token (one minted elsewhere, e.g. by the application's authorization server). */
    static TokenProvider of(String token) {
        Objects.requireNonNull(token, "token");
        return () -> token;
    }

    /** Asks this supplier each time. */
    static TokenProvider from(Supplier<String> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return supplier::get;
    }

    /** Mints with this factory, reusing each token until shortly before it expires. */
    static TokenProvider cached(TokenFactory factory) {
        return new CachingTokenProvider(factory, Clock.systemUTC(), CachingTokenProvider.DEFAULT_MARGIN);
    }
}
