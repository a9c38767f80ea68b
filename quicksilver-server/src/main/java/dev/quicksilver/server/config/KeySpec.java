package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;

/**
 * A configured token key, before it is parsed.
 *
 * @param material the secret or PEM text
 * @param algorithm the algorithm name, or null for the key's default
 * @param source the setting or variable it came from, for messages
 */
public record KeySpec(String material, String algorithm, Dialect dialect, String source) {}
