package dev.quicksilver.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.auth.Anonymous;
import dev.quicksilver.core.auth.LegacyPrincipal;
import dev.quicksilver.core.auth.Principal;
import dev.quicksilver.core.auth.TargetsPrincipal;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import dev.quicksilver.core.update.Update;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Dispatch routing (docs/architecture.md "How an update travels", step 4): exact, wildcard and
 * template selectors, one delivery per subscriber, routing separate from authorization (Mercure
 * draft-07 "Publication" and "Subscribers"; targets: draft-04 "Subscribers").
 */
@DisplayName("SubscriberIndex: routing and private filtering (draft-07 Publication, Subscribers; draft-04 Subscribers)")
class SubscriberIndexTest {
    private static final TopicSelectors SELECTORS = TopicSelectors.withDefaults();
    private final SubscriberIndex<Subscriber> index = new SubscriberIndex<>();

    private static Subscriber subscriber(String id, Principal principal, String... selectors) {
        List<TopicSelector> parsed = Arrays.stream(selectors).map(SELECTORS::parse).collect(Collectors.toList());
        return new Subscriber(id, Matcher.topics(parsed), principal);
    }

    private static Subscriber anonymous(String id, String... selectors) {
        return subscriber(id, Anonymous.INSTANCE, selectors);
    }

    private static LegacyPrincipal granted(String... subscribe) {
        List<TopicSelector> parsed = Arrays.stream(subscribe).map(SELECTORS::parse).collect(Collectors.toList());
        return new LegacyPrincipal(null, parsed, null, null, false);
    }

    private List<String> recipients(Update update) {
        List<String> ids = new ArrayList<>();
        index.forEachRecipient(update, s -> ids.add(s.id()));
        return ids;
    }

    private static Update publicUpdate(String... topics) {
        return Update.of(List.of(topics), "");
    }

    private static Update privateUpdate(String... topics) {
        return new Update(null, List.of(topics), "", true, null, 0, Set.of());
    }

    @Test
    @DisplayName("exact selectors: only subscribers of that exact topic")
    void exact() {
        index.add(anonymous("s1", "https://e/a"));
        index.add(anonymous("s2", "https://e/b"));
        assertThat(recipients(publicUpdate("https://e/a"))).containsExactly("s1");
        assertThat(recipients(publicUpdate("https://e/A"))).isEmpty();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("'*' receives every update")
    void wildcard() {
        index.add(anonymous("all", "*"));
        index.add(anonymous("s1", "https://e/a"));
        assertThat(recipients(publicUpdate("https://e/a"))).containsExactlyInAnyOrder("all", "s1");
        assertThat(recipients(publicUpdate("urn:other"))).containsExactly("all");
    }

    @Test
    @DisplayName("templates: a matching template routes, a non-matching one does not")
    void template() {
        index.add(anonymous("books", "https://e/books/{id}"));
        index.add(anonymous("users", "https://e/users/{id}"));
        assertThat(recipients(publicUpdate("https://e/books/1"))).containsExactly("books");
        assertThat(recipients(publicUpdate("https://e/books/1/2"))).isEmpty();
    }

    @Test
    @DisplayName("one delivery per subscriber when several selectors and topics match")
    void noDuplicates() {
        index.add(anonymous("s", "https://e/books/1", "https://e/books/{id}", "*", "https://e/users/1"));
        assertThat(recipients(publicUpdate("https://e/books/1", "https://e/users/1"))).containsExactly("s");
        // and again on the next dispatch: the mark is per dispatch, not per subscriber lifetime
        assertThat(recipients(publicUpdate("https://e/books/1", "https://e/users/1"))).containsExactly("s");
    }

    @Test
    @DisplayName("draft-07 Publication: an alternate topic routes (exact and template)")
    void alternates() {
        index.add(anonymous("exact", "https://e/users/1"));
        index.add(anonymous("tpl", "https://e/users/{id}"));
        assertThat(recipients(publicUpdate("https://e/books/1", "https://e/users/1")))
                .containsExactlyInAnyOrder("exact", "tpl");
    }

    @Test
    @DisplayName("draft-07 Subscribers: a private update never reaches an anonymous subscriber, even on '*'")
    void anonymous() {
        index.add(anonymous("anon", "*"));
        index.add(subscriber("granted", granted("https://e/books/{id}"), "*"));
        assertThat(recipients(privateUpdate("https://e/books/1"))).containsExactly("granted");
    }

    @Test
    @DisplayName("draft-07 Subscribers: routed by one topic, authorized by the alternate")
    void routedByOneAuthorizedByAnother() {
        index.add(subscriber("s", granted("https://example.com/users/foo/{?topic}"), "https://example.com/books/{id}"));
        Update u = privateUpdate("https://example.com/books/1",
                "https://example.com/users/foo/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F1");
        assertThat(recipients(u)).containsExactly("s");
    }

    @Test
    @DisplayName("draft-08 Subscribers: the grant matches but no routing selector does -> not delivered")
    void grantWithoutRouting() {
        index.add(subscriber("s", granted("*"), "https://e/users/{id}"));
        assertThat(recipients(privateUpdate("https://e/books/1"))).isEmpty();
    }

    @Test
    @DisplayName("draft-04 Subscribers, protocol-eras.md: a targeted update reaches the listed targets-dialect "
            + "subscribers only")
    void targets() {
        Update toAlice = new Update(null, List.of("https://e/a"), "", false, null, 0, Set.of("alice"));
        index.add(subscriber("alice", new TargetsPrincipal(null, Set.of("alice"), null), "*"));
        index.add(subscriber("bob", new TargetsPrincipal(null, Set.of("bob"), null), "*"));
        index.add(subscriber("legacy", granted("*"), "*"));
        index.add(anonymous("anon", "*"));
        assertThat(recipients(toAlice)).containsExactly("alice");
    }

    @Test
    @DisplayName("removal: swap-remove keeps the others reachable; removing twice is harmless")
    void removal() {
        Subscriber a = anonymous("a", "t", "https://e/{id}", "*");
        Subscriber b = anonymous("b", "t", "https://e/{id}", "*");
        Subscriber c = anonymous("c", "t", "https://e/{id}", "*");
        index.add(a);
        index.add(b);
        index.add(c);
        index.remove(a); // the last member (c) moves into a's slot
        assertThat(recipients(publicUpdate("t"))).containsExactlyInAnyOrder("b", "c");
        assertThat(recipients(publicUpdate("https://e/1"))).containsExactlyInAnyOrder("b", "c");
        index.remove(c);
        assertThat(recipients(publicUpdate("t"))).containsExactly("b");
        index.remove(c);
        index.remove(a);
        assertThat(index.size()).isEqualTo(1);
        assertThat(recipients(publicUpdate("urn:x"))).containsExactly("b");
        index.remove(b);
        assertThat(index.size()).isZero();
        assertThat(recipients(publicUpdate("t"))).isEmpty();
    }

    @Test
    @DisplayName("a removed subscriber may be added again; adding twice without removal is refused")
    void readd() {
        Subscriber a = anonymous("a", "t");
        index.add(a);
        assertThatThrownBy(() -> index.add(a)).isInstanceOf(IllegalStateException.class);
        index.remove(a);
        index.add(a);
        assertThat(recipients(publicUpdate("t"))).containsExactly("a");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("empty groups are dropped: a new subscriber on the same selector starts a fresh group")
    void emptyGroupsDropped() {
        Subscriber a = anonymous("a", "t", "https://e/{id}");
        index.add(a);
        index.remove(a);
        Subscriber b = anonymous("b", "t", "https://e/{id}");
        index.add(b);
        assertThat(recipients(publicUpdate("t"))).containsExactly("b");
        assertThat(recipients(publicUpdate("https://e/1"))).containsExactly("b");
    }

    @Test
    @DisplayName("adding or removing inside forEachRecipient throws IllegalStateException; the index stays usable")
    void noChangesDuringDispatch() {
        Subscriber a = anonymous("a", "t");
        index.add(a);
        assertThatThrownBy(() -> index.forEachRecipient(publicUpdate("t"), s -> index.add(anonymous("x", "t"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.forEachRecipient(publicUpdate("t"), s -> index.remove(a)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.forEachRecipient(publicUpdate("t"),
                s -> index.forEachRecipient(publicUpdate("t"), x -> {}))).isInstanceOf(IllegalStateException.class);
        index.remove(a);
        assertThat(index.size()).isZero();
        index.add(a);
        assertThat(recipients(publicUpdate("t"))).containsExactly("a");
    }

    @Test
    @DisplayName("a recipient that throws does not leave the index in dispatch mode")
    void recipientThrows() {
        Subscriber a = anonymous("a", "t");
        index.add(a);
        assertThatThrownBy(() -> index.forEachRecipient(publicUpdate("t"), s -> {
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class);
        index.remove(a);
        assertThat(index.size()).isZero();
    }

    @Test
    @DisplayName("many subscribers sharing one template: each delivered exactly once, removals included")
    void manySharingOneTemplate() {
        List<Subscriber> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Subscriber s = anonymous("s" + i, "https://e/books/{id}");
            all.add(s);
            index.add(s);
        }
        List<String> got = recipients(publicUpdate("https://e/books/1"));
        assertThat(got).hasSize(1000).doesNotHaveDuplicates();
        for (int i = 0; i < 1000; i += 2) {
            index.remove(all.get(i));
        }
        got = recipients(publicUpdate("https://e/books/2"));
        assertThat(got).hasSize(500).doesNotHaveDuplicates().allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 1);
        assertThat(recipients(publicUpdate("https://e/users/2"))).isEmpty();
    }

    @Test
    @DisplayName("forEachRecipient agrees with Subscriber.wants on a mixed population")
    void agreesWithWants() {
        List<Subscriber> all = List.of(
                anonymous("a1", "https://e/books/{id}"),
                anonymous("a2", "*"),
                subscriber("l1", granted("https://e/books/1"), "https://e/books/{id}"),
                subscriber("l2", granted("*"), "https://e/users/1"),
                subscriber("t1", new TargetsPrincipal(null, Set.of("x"), null), "*"));
        all.forEach(index::add);
        List<Update> updates = List.of(publicUpdate("https://e/books/1"), privateUpdate("https://e/books/1"),
                privateUpdate("https://e/books/2", "https://e/users/1"),
                new Update(null, List.of("https://e/books/1"), "", false, null, 0, Set.of("x")));
        for (Update u : updates) {
            List<String> expected = all.stream().filter(s -> s.wants(u)).map(Subscriber::id).collect(Collectors.toList());
            assertThat(recipients(u)).as("%s", u).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @DisplayName("a split dispatch (plain now, patterns from a result) serves each recipient once, by its kind")
    void splitDispatchAgreesWithWants() {
        List<Subscriber> all = List.of(
                anonymous("p1", "https://e/books/{id}", "https://e/books/1"),
                anonymous("p2", "https://e/users/{id}", "*"),
                anonymous("x1", "https://e/books/1"),
                anonymous("x2", "*"),
                subscriber("l1", granted("https://e/books/1"), "https://e/books/{id}"));
        all.forEach(index::add);
        assertThat(index.patternSubscribers()).isEqualTo(3);
        TopicSelector[] patterns = index.patternSelectors();
        assertThat(patterns).extracting(TopicSelector::text)
                .containsExactlyInAnyOrder("https://e/books/{id}", "https://e/users/{id}");
        assertThat(index.patternSelectors()).as("the same array while nothing changes").isSameAs(patterns);
        for (Update u : List.of(publicUpdate("https://e/books/1"), privateUpdate("https://e/books/1"),
                publicUpdate("https://e/users/2", "https://e/books/3"))) {
            List<String> plain = new ArrayList<>();
            index.forEachPlainRecipient(u, s -> plain.add(s.id()));
            boolean[] matched = new boolean[patterns.length];
            for (int i = 0; i < patterns.length; i++) {
                matched[i] = patterns[i].matchesAny(u.topics());
            }
            List<String> withPatterns = new ArrayList<>();
            index.forEachPatternRecipient(u, patterns, matched, s -> withPatterns.add(s.id()));
            assertThat(plain).allMatch(id -> id.startsWith("x"));
            assertThat(withPatterns).doesNotHaveDuplicates().noneMatch(id -> id.startsWith("x"));
            List<String> both = new ArrayList<>(plain);
            both.addAll(withPatterns);
            List<String> expected = all.stream().filter(s -> s.wants(u)).map(Subscriber::id).collect(Collectors.toList());
            assertThat(both).as("%s", u).containsExactlyInAnyOrderElementsOf(expected);
        }
        index.remove(all.get(1));
        assertThat(index.patternSubscribers()).isEqualTo(2);
        assertThat(index.patternSelectors()).extracting(TopicSelector::text).containsExactly("https://e/books/{id}");
        boolean[] none = new boolean[patterns.length];
        java.util.Arrays.fill(none, true);
        List<String> late = new ArrayList<>();
        index.forEachPatternRecipient(publicUpdate("https://e/users/2"), patterns, none, s -> late.add(s.id()));
        assertThat(late).as("a pattern whose subscribers left is skipped").containsExactlyInAnyOrder("p1", "l1");
    }
}
