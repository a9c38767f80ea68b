package dev.quicksilver.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seed-era authorization (Mercure draft-04 "Publishers" and "Subscribers"), as docs/protocol-eras.md
 * "`targets` (seed era) tokens" and "What never mixes" apply it.
 */
@DisplayName("TargetsPrincipal: seed-era target labels (draft-04 Publishers, Subscribers; protocol-eras.md)")
class TargetsPrincipalTest {

    private static Update update(boolean privateUpdate, String... targets) {
        return new Update(null, List.of("https://e/a"), "", privateUpdate, null, 0, Set.of(targets));
    }

    private static AuthException forbidden(Principal p, Update u) {
        AuthException e = catchThrowableOfType(AuthException.class, () -> p.authorizePublish(u));
        assertThat(e).as("publish refused").isNotNull();
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.error()).isEqualTo("insufficient_scope");
        return e;
    }

    @Test
    @DisplayName("draft-04 Publishers: publish [] -> target-less updates on any topic are fine, target=x is refused")
    void emptyPublish() {
        TargetsPrincipal p = new TargetsPrincipal(Set.of(), null, null);
        assertThatCode(() -> p.authorizePublish(update(false))).doesNotThrowAnyException();
        assertThat(forbidden(p, update(false, "x")).getMessage()).contains("\"x\"");
    }

    @Test
    @DisplayName("draft-04 Publishers: publish [\"*\"] -> any target")
    void star() {
        TargetsPrincipal p = new TargetsPrincipal(Set.of("*"), null, null);
        assertThatCode(() -> p.authorizePublish(update(false, "x", "y"))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("draft-04 Publishers: every target must be in publish")
    void everyTarget() {
        TargetsPrincipal p = new TargetsPrincipal(Set.of("a", "b"), null, null);
        assertThatCode(() -> p.authorizePublish(update(false, "a", "b"))).doesNotThrowAnyException();
        forbidden(p, update(false, "a", "c"));
    }

    @Test
    @DisplayName("no publish claim -> cannot publish, not even public updates")
    void noPublishClaim() {
        assertThat(forbidden(new TargetsPrincipal(null, Set.of("*"), null), update(false)).getMessage())
                .contains("mercure.publish");
    }

    @Test
    @DisplayName("protocol-eras.md: a targets token publishing a private update -> 403, even with publish [\"*\"]")
    void noPrivatePublish() {
        forbidden(new TargetsPrincipal(Set.of("*"), null, null), update(true));
    }

    @Test
    @DisplayName("draft-04 Subscribers: target=a reaches subscribe [a] and [*], not [b]; target-less reaches everyone")
    void read() {
        Update toA = update(false, "a");
        assertThat(new TargetsPrincipal(null, Set.of("a"), null).canRead(toA)).isTrue();
        assertThat(new TargetsPrincipal(null, Set.of("*"), null).canRead(toA)).isTrue();
        assertThat(new TargetsPrincipal(null, Set.of("b"), null).canRead(toA)).isFalse();
        assertThat(new TargetsPrincipal(null, Set.of(), null).canRead(toA)).isFalse();
        assertThat(new TargetsPrincipal(null, null, null).canRead(toA)).isFalse();
        assertThat(new TargetsPrincipal(null, null, null).canRead(update(false))).isTrue();
        assertThat(new TargetsPrincipal(null, Set.of("b"), null).canRead(update(false, "a", "b"))).isTrue();
    }

    @Test
    @DisplayName("protocol-eras.md: a 0.x private update is never readable by a targets token, even with [*]")
    void privateNeverReadable() {
        assertThat(new TargetsPrincipal(Set.of("*"), Set.of("*"), null).canRead(update(true))).isFalse();
    }

    @Test
    @DisplayName("a targets token never grants the subscriptions API")
    void grantsSubscribe() {
        assertThat(new TargetsPrincipal(Set.of("*"), Set.of("*"), null).grantsSubscribe("/.well-known/mercure/subscriptions"))
                .isFalse();
        assertThat(new TargetsPrincipal(null, null, null).payload()).isNull();
    }
}
