package dev.quicksilver.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EntriesTest {

    @Test
    @DisplayName("an update survives the trip through a stream entry, every part of it, whatever its characters")
    void roundTrip() {
        Update update = new Update("urn:uuid:1", List.of("https://example.com/a:b", "12:x", ""), "line1\nline2 ✓",
                true, "message", 1500, Set.of("alice", "b:1"));
        List<String> flat = Entries.fields(update, false);
        Map<String, String> body = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            body.put(flat.get(i), flat.get(i + 1));
        }
        Event event = Entries.event("42-0", body);
        assertThat(event.sequence()).isEqualTo(42);
        assertThat(event.update()).isEqualTo(update);
        assertThat(body.get(Entries.KIND)).isEqualTo(Entries.UPDATE);
    }

    @Test
    @DisplayName("a plain update carries only the fields it has")
    void plain() {
        List<String> flat = Entries.fields(Update.of(List.of("t"), "").withId("x"), true);
        assertThat(flat).containsExactly("k", "s", "i", "x", "p", "1:t", "d", "");
    }

    @Test
    @DisplayName("entry ids and sequences map one to one")
    void entryIds() {
        assertThat(Entries.entryId(1764689000000001L)).isEqualTo("1764689000000001-0");
        assertThat(Entries.sequence("1764689000000001-0")).isEqualTo(1764689000000001L);
        assertThat(Entries.split(Entries.join(List.of("", "a", "1:2")))).containsExactly("", "a", "1:2");
    }
}
