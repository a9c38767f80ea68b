package dev.quicksilver.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Seed-era authorization (protocol.md §1.3 [S], §2.3 item 3): R63, R67, R117. */
@DisplayName("TargetsPrincipal: seed-era target labels (§1.3 [S], §2.3 item 3, R63, R67, R117)")
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
    @DisplayName("R63: publish [] -> target-less updates on any topic are fine, target=x is refused")
    void r63EmptyPublish() {
        TargetsPrincipal p = new TargetsPrincipal(Set.of(), null, null);
        assertThatCode(() -> p.authorizePublish(update(false))).doesNotThrowAnyException();
        assertThat(forbidden(p, update(false, "x")).getMessage()).contains("\"x\"");
    }

    @Test
    @DisplayName("R63: publish [\"*\"] -> any target")
    void r63Star() {
        TargetsPrincipal p = new TargetsPrincipal(Set.of("*"), null, null);
        assertThatCode(() -> p.authorizePublish(update(false, "x", "y"))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("§2.3: every target must be in publish")
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
    @DisplayName("R117: a targets token publishing a private update -> 403, even with publish [\"*\"]")
    void r117NoPrivatePublish() {
        forbidden(new TargetsPrincipal(Set.of("*"), null, null), update(true));
    }

    @Test
    @DisplayName("R67: target=a reaches subscribe [a] and [*], not [b]; target-less reaches everyone")
    void r67Read() {
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
    @DisplayName("R117/§2.3: a 0.x private update is never readable by a targets token, even with [*]")
    void r117PrivateNeverReadable() {
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
