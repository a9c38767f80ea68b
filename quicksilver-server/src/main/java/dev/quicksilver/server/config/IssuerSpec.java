package dev.quicksilver.server.config;

import dev.quicksilver.core.auth.Dialect;
import java.util.List;

/**
 * A trusted token issuer, before its keys are loaded.
 *
 * @param id the {@code iss} value its 1.0 tokens carry; null for a legacy or targets issuer that
 *     is recognised by its keys alone
 * @param publisherKeys keys that verify publishers' tokens (empty when a JWK Set is used)
 * @param publisherJwks a JWK Set URL for publishers' tokens, or null
 * @param source where it was configured, for messages
 */
public record IssuerSpec(String id, Dialect dialect, List<KeySpec> publisherKeys, List<KeySpec> subscriberKeys,
        String publisherJwks, String subscriberJwks, String source) {

    public IssuerSpec {
        publisherKeys = List.copyOf(publisherKeys);
        subscriberKeys = List.copyOf(subscriberKeys);
    }

    public boolean verifiesPublishers() {
        return !publisherKeys.isEmpty() || publisherJwks != null;
    }

    public boolean verifiesSubscribers() {
        return !subscriberKeys.isEmpty() || subscriberJwks != null;
    }
}
