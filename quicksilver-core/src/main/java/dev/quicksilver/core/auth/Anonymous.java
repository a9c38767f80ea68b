package dev.quicksilver.core.auth;

import dev.quicksilver.core.update.Update;
import java.time.Instant;

/** A subscriber without a token, where the hub allows them: public updates only. */
public enum Anonymous implements Principal {
    INSTANCE;

    @Override
    public Instant expiresAt() {
        return null;
    }

    @Override
    public boolean canRead(Update update) {
        return !update.restricted();
    }

    @Override
    public void authorizePublish(Update update) {
        throw AuthException.missingToken("Publishing requires a token.");
    }

    @Override
    public boolean grantsSubscribe(String topic) {
        return false;
    }
}
