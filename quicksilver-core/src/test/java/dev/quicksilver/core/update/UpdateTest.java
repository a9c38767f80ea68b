package dev.quicksilver.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Update and Event: canonical topic, restricted, immutability")
class UpdateTest {

    @Test
    @DisplayName("the first topic is canonical, the rest are alternates (draft-08 Publication)")
    void canonicalTopic() {
        Update u = Update.of(List.of("a", "b"), "d");
        assertThat(u.topic()).isEqualTo("a");
        assertThat(u.topics()).containsExactly("a", "b");
        assertThat(u.id()).isNull();
        assertThat(u.type()).isNull();
        assertThat(u.retry()).isZero();
    }

    @Test
    void needsATopicAndData() {
        assertThatThrownBy(() -> Update.of(List.of(), "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Update.of(List.of("a"), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("restricted = private (0.x) or targeted (seed era)")
    void restricted() {
        assertThat(Update.of(List.of("a"), "").restricted()).isFalse();
        assertThat(new Update(null, List.of("a"), "", true, null, 0, Set.of()).restricted()).isTrue();
        assertThat(new Update(null, List.of("a"), "", false, null, 0, Set.of("x")).restricted()).isTrue();
    }

    @Test
    @DisplayName("the topic list is copied: later changes to the caller's list do not leak in")
    void defensiveCopy() {
        List<String> topics = new ArrayList<>(List.of("a"));
        Update u = Update.of(topics, "");
        topics.add("b");
        assertThat(u.topics()).containsExactly("a");
    }

    @Test
    @DisplayName("withId keeps every other field")
    void withId() {
        Update u = new Update(null, List.of("a", "b"), "d", true, "t", 5, Set.of("x")).withId("id1");
        assertThat(u).isEqualTo(new Update("id1", List.of("a", "b"), "d", true, "t", 5, Set.of("x")));
    }

    @Test
    @DisplayName("Event.of encodes the SSE bytes once and exposes the id")
    void event() {
        Event e = Event.of(7, Update.of(List.of("a"), "d").withId("i"));
        assertThat(e.sequence()).isEqualTo(7);
        assertThat(e.id()).isEqualTo("i");
        assertThat(new String(e.sse(), StandardCharsets.UTF_8)).isEqualTo("id: i\ndata: d\n\n");
    }
}
