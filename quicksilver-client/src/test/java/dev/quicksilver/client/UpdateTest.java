package dev.quicksilver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an update accepts, what the hub would refuse (refused here first), and its form encoding. */
class UpdateTest {
    @Test
    @DisplayName("no topic, an empty topic, CR/LF/NUL in id, type, topic or target, a #-id, a negative retry → IllegalArgumentException")
    void refusals() {
        assertThatThrownBy(() -> Update.builder().data("x").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> Update.of("x", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().topic("t").id("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id").hasMessageContaining("a\\nb");
        assertThatThrownBy(() -> Update.builder().topic("t").type("a\rb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> Update.of("x", "t\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().topic("t").target("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().topic("t").id("#x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().topic("t").retry(-1L).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.builder().topic("t").privateUpdate(true).target("a").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private");
    }

    @Test
    @DisplayName("the form: topic repeated in order, data with newlines, private=on, id, type, retry, target; all encoded")
    void form() {
        Update u = Update.builder().topics("https://a/1", "https://a/2?x=y&z").data("l1\nl2 é").privateUpdate(true)
                .id("i d").type("t").retry(5L).build();
        assertThat(MercureHub.form(u)).isEqualTo("topic=https%3A%2F%2Fa%2F1&topic=https%3A%2F%2Fa%2F2%3Fx%3Dy%26z"
                + "&data=l1%0Al2+%C3%A9&private=on&id=i+d&type=t&retry=5");
        assertThat(MercureHub.form(Update.builder().topic("t").target("alice").target("bob").build()))
                .isEqualTo("topic=t&data=&target=alice&target=bob");
    }

    @Test
    @DisplayName("immutable: the builder's later changes and withId leave the built update as it was")
    void immutable() {
        Update.Builder b = Update.builder().topic("t").data("d");
        Update u = b.build();
        b.topic("t2");
        Update withId = u.withId("x");
        assertThat(u.topics()).containsExactly("t");
        assertThat(u.id()).isNull();
        assertThat(withId.id()).isEqualTo("x");
        assertThat(withId.data()).isEqualTo("d");
        assertThatThrownBy(() -> u.topics().add("z")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Update.privateOf("d", "t").isPrivate()).isTrue();
    }

    @Test
    @DisplayName("a hub needs a token provider and an http(s) URL")
    void hubBuilder() {
        assertThatThrownBy(() -> MercureHub.builder("http://h/.well-known/mercure").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> MercureHub.builder("ftp://h/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MercureHub.builder("http://h/x").maxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
