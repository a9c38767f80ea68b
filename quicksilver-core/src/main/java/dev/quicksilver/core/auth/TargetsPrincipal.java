package dev.quicksilver.core.auth;

import dev.quicksilver.core.update.Update;
import java.time.Instant;
import java.util.Set;

/**
 * A seed-era token: {@code mercure.publish} and {@code mercure.subscribe} are target labels,
 * compared exactly, {@code *} meaning all.
 *
 * @param publish the publish targets, or null when the claim is absent (no publishing); empty
 *     allows public updates on any topic
 * @param subscribe the subscribe targets, or null when absent
 */
public record TargetsPrincipal(Set<String> publish, Set<String> subscribe, Instant expiresAt) implements Principal {

    @Override
    public boolean canRead(Update update) {
        if (update.privateUpdate()) {
            return false;
        }
        if (update.targets().isEmpty()) {
            return true;
        }
        return subscribe != null && intersects(subscribe, update.targets());
    }

    @Override
    public void authorizePublish(Update update) {
        if (publish == null) {
            throw AuthException.insufficientScope("The token has no \"mercure.publish\" claim.");
        }
        if (update.privateUpdate()) {
            throw AuthException.insufficientScope(
                    "A targets-dialect token publishes public or targeted updates, not private ones.");
        }
        if (publish.contains("*")) {
            return;
        }
        for (String target : update.targets()) {
            if (!publish.contains(target)) {
                throw AuthException.insufficientScope("The token does not grant the target " + AuthException.quote(target)
                        + ": its \"mercure.publish\" claim holds " + publish.stream().sorted().limit(10)
                                .map(AuthException::quote).toList() + ".");
            }
        }
    }

    @Override
    public boolean grantsSubscribe(String topic) {
        return false;
    }

    private static boolean intersects(Set<String> granted, Set<String> targets) {
        if (granted.contains("*")) {
            return true;
        }
        for (String target : targets) {
            if (granted.contains(target)) {
                return true;
            }
        }
        return false;
    }
}
