package dev.quicksilver.client;

/** Mints a token (a signed JWT) for a hub. See {@link JwtTokenFactory}. */
@FunctionalInterface
public interface TokenFactory {
    String create();
}
