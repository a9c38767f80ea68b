package dev.quicksilver.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Update;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 0.x authorization (Mercure draft-07 "Publishers" and "Subscribers"), as docs/protocol-eras.md
 * "`legacy` (0.x) tokens" and "What never mixes" apply it.
 */
@DisplayName("LegacyPrincipal: 0.x selector grants (draft-07 Publishers, Subscribers; protocol-eras.md)")
class LegacyPrincipalTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();

    private static List<TopicSelector> selectors(String... texts) {
        return Arrays.stream(texts).map(SELECTORS::parse).collect(Collectors.toList());
    }

    private static LegacyPrincipal principal(List<TopicSelector> publish, List<TopicSelector> subscribe) {
        return new LegacyPrincipal(publish, subscribe, null, null, false);
    }

    private static Update publicUpdate(String... topics) {
        return new Update(null, List.of(topics), "", false, null, 0, Set.of());
    }

    private static Update privateUpdate(String... topics) {
        return new Update(null, List.of(topics), "", true, null, 0, Set.of());
    }

    private static Update targeted(String target, String... topics) {
        return new Update(null, List.of(topics), "", false, null, 0, Set.of(target));
    }

    private static AuthException forbidden(Principal p, Update u) {
        AuthException e = catchThrowableOfType(AuthException.class, () -> p.authorizePublish(u));
        assertThat(e).as("publish refused").isNotNull();
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.error()).isEqualTo("insufficient_scope");
        return e;
    }

    // ---- publish ------------------------------------------------------------------------------

    @Test
    @DisplayName("draft-07 Publishers: publish [\"*\"] allows any topic, public or private")
    void star() {
        LegacyPrincipal p = principal(selectors("*"), null);
        assertThatCode(() -> p.authorizePublish(publicUpdate("https://e/a", "urn:x"))).doesNotThrowAnyException();
        assertThatCode(() -> p.authorizePublish(privateUpdate("https://e/a"))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("draft-07 Publishers: publish [\"foo\"] with topics foo and bar is refused: every topic (alternates "
            + "too) must be granted")
    void everyTopic() {
        LegacyPrincipal p = principal(selectors("foo"), null);
        assertThatCode(() -> p.authorizePublish(publicUpdate("foo"))).doesNotThrowAnyException();
        assertThat(forbidden(p, publicUpdate("foo", "bar")).getMessage()).contains("\"bar\"");
        forbidden(p, publicUpdate("bar", "foo"));
    }

    @Test
    @DisplayName("publish grants are selectors: a template grants the topics it matches")
    void publishTemplate() {
        LegacyPrincipal p = principal(selectors("https://e/books/{id}", "https://e/users/1"), null);
        assertThatCode(() -> p.authorizePublish(publicUpdate("https://e/books/1", "https://e/users/1")))
                .doesNotThrowAnyException();
        forbidden(p, publicUpdate("https://e/books/1/2"));
    }

    @Test
    @DisplayName("draft-07 Publishers: publish [] grants nothing; no publish claim grants nothing either")
    void emptyPublish() {
        forbidden(principal(List.of(), null), publicUpdate("a"));
        assertThat(forbidden(principal(null, selectors("*")), publicUpdate("a")).getMessage()).contains("mercure.publish");
    }

    @Test
    @DisplayName("protocol-eras.md public-publish (compat 7): public updates on any topic, private ones still need a "
            + "grant")
    void publicPublish() {
        LegacyPrincipal p = new LegacyPrincipal(List.of(), null, null, null, true);
        assertThatCode(() -> p.authorizePublish(publicUpdate("anything", "else"))).doesNotThrowAnyException();
        forbidden(p, privateUpdate("anything"));
        LegacyPrincipal noClaim = new LegacyPrincipal(null, null, null, null, true);
        assertThatCode(() -> noClaim.authorizePublish(publicUpdate("x"))).doesNotThrowAnyException();
        forbidden(noClaim, privateUpdate("x"));
        LegacyPrincipal granted = new LegacyPrincipal(selectors("x"), null, null, null, true);
        assertThatCode(() -> granted.authorizePublish(privateUpdate("x"))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("protocol-eras.md: a legacy token publishing a targeted update -> 403, even with publish [\"*\"] and "
            + "publicPublish")
    void legacyTokenWithTarget() {
        assertThat(forbidden(principal(selectors("*"), null), targeted("alice", "a")).getMessage()).contains("target");
        forbidden(new LegacyPrincipal(selectors("*"), null, null, null, true), targeted("alice", "a"));
    }

    // ---- read ---------------------------------------------------------------------------------

    @Test
    @DisplayName("public updates are readable with any claims, even none")
    void publicReadable() {
        assertThat(principal(null, null).canRead(publicUpdate("a"))).isTrue();
    }

    @Test
    @DisplayName("draft-07 Subscribers: a private update is read when some topic of it matches some subscribe selector")
    void privateRead() {
        LegacyPrincipal p = principal(null, selectors("https://e/books/{id}"));
        assertThat(p.canRead(privateUpdate("https://e/books/1"))).isTrue();
        assertThat(p.canRead(privateUpdate("https://e/users/1"))).isFalse();
        assertThat(principal(null, null).canRead(privateUpdate("https://e/books/1"))).isFalse();
        assertThat(principal(null, List.of()).canRead(privateUpdate("https://e/books/1"))).isFalse();
        assertThat(principal(null, selectors("*")).canRead(privateUpdate("anything"))).isTrue();
    }

    @Test
    @DisplayName("draft-07 Subscribers: the alternate topic authorizes (the reference hub's TestMatchTopic)")
    void alternateTopic() {
        LegacyPrincipal p = principal(null, selectors("https://example.com/users/foo/{?topic}"));
        Update u = privateUpdate("https://example.com/books/1",
                "https://example.com/users/foo/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1");
        assertThat(p.canRead(u)).isTrue();
        assertThat(p.canRead(privateUpdate("https://example.com/books/1",
                "https://example.com/users/bar/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1"))).isFalse();
    }

    @Test
    @DisplayName("draft-07 Topic Selectors: subscribe [\"https://e/books/{id}\"] grants private books/1")
    void templateGrant() {
        assertThat(principal(null, selectors("https://e/books/{id}")).canRead(privateUpdate("https://e/books/1"))).isTrue();
    }

    @Test
    @DisplayName("protocol-eras.md: a targeted update is never readable by a legacy token, even with subscribe [\"*\"]")
    void targetedNeverReadable() {
        LegacyPrincipal p = principal(selectors("*"), selectors("*", "alice"));
        assertThat(p.canRead(targeted("alice", "a"))).isFalse();
    }

    @Test
    @DisplayName("grantsSubscribe: the subscriptions API checks one topic against the subscribe selectors")
    void grantsSubscribe() {
        LegacyPrincipal p = principal(selectors("*"), selectors("/.well-known/mercure/subscriptions{/topic}{/subscriber}"));
        assertThat(p.grantsSubscribe("/.well-known/mercure/subscriptions/a/b")).isTrue();
        assertThat(p.grantsSubscribe("/.well-known/mercure/other")).isFalse();
        assertThat(principal(selectors("*"), null).grantsSubscribe("x")).as("publish grants do not count").isFalse();
    }

    @Test
    @DisplayName("payload and expiresAt are the token's")
    void payloadAndExpiry() {
        Instant exp = Instant.ofEpochSecond(1_900_000_000L);
        LegacyPrincipal p = new LegacyPrincipal(null, null, "p", exp, false);
        assertThat(p.payload()).isEqualTo("p");
        assertThat(p.expiresAt()).isEqualTo(exp);
    }
}
