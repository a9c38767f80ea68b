package dev.quicksilver.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.HubException;
import dev.quicksilver.core.form.FormData;
import dev.quicksilver.core.form.FormParser;
import dev.quicksilver.core.topic.CostlySelectors;
import dev.quicksilver.core.topic.MatchLimits;
import dev.quicksilver.core.topic.Matcher;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.topic.TopicSelectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SubscribeForm: URI Templates and URL Patterns within the MatchLimits, else a 400 naming the limit")
class SubscribeFormLimitsTest {
    private static final String HUB = "https://hub.example/.well-known/mercure";
    private static final SubscribeForm.Limits LIMITS = new SubscribeForm.Limits(100, 4096, 1000, 4096, true);

    private final TopicSelectors selectors = TopicSelectors.withDefaults();
    private final SubscribeForm form = new SubscribeForm(selectors, LIMITS, () -> HUB);

    private static FormData query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            q.append(q.length() == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return new FormParser(10_000).parseQuery(q.toString());
    }

    private static String template(int n) {
        return CostlySelectors.template(0, n);
    }

    private static String pattern(int n) {
        return CostlySelectors.pattern(0, n);
    }

    private void assertRefused(FormData data, String limit) {
        assertThatThrownBy(() -> form.read(data)).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("(limit " + limit + ")");
        });
    }

    @Test
    @DisplayName("a template at the variable limit is a template; one more variable is a 400 naming max-template-variables")
    void templateVariables() {
        int max = MatchLimits.DEFAULTS.maxVariables();
        List<Matcher> matchers = form.read(query("topic", template(max)));
        assertThat(matchers.get(0).selector()).isInstanceOf(TopicSelector.Template.class);
        assertRefused(query("topic", template(max + 1)), "max-template-variables");
    }

    @Test
    @DisplayName("more than 128 variables is refused, not taken for a literal topic that never matches")
    void pastTheTemplateCeiling() {
        assertRefused(query("topic", template(129)), "max-template-variables");
        assertRefused(query("topic", "{a}".repeat(1000)), "max-template-variables");
        // A token's claim keeps the 0.x reading: an exact selector.
        assertThat(selectors.parse(template(129))).isInstanceOf(TopicSelector.Exact.class);
    }

    @Test
    @DisplayName("a URL pattern at the group limit is accepted; one more group is a 400 naming max-pattern-groups")
    void patternGroups() {
        int max = MatchLimits.DEFAULTS.maxGroups();
        assertThat(form.read(query("match_urlpattern", pattern(max)))).hasSize(1);
        assertRefused(query("match_urlpattern", pattern(max + 1)), "max-pattern-groups");
        assertRefused(query("match_urlpattern", "https://example.com/" + "*/".repeat(100)), "max-pattern-groups");
    }

    @Test
    @DisplayName("a selector over the compiled size is a 400 naming max-selector-size, even when cached before")
    void selectorSize() {
        MatchLimits small = new MatchLimits(32, 32, 100, 256, 1000);
        SubscribeForm strict = new SubscribeForm(selectors, LIMITS, small, () -> HUB);
        // Compiled (and cached) without limits first, as a token's claim would be.
        assertThat(selectors.parse(template(20))).isInstanceOf(TopicSelector.Template.class);
        assertThatThrownBy(() -> strict.read(query("topic", template(20))))
                .hasMessageContaining("(limit max-selector-size)");
        assertThatThrownBy(() -> strict.read(query("match_urlpattern", pattern(30))))
                .hasMessageContaining("(limit max-selector-size)");
        assertThat(strict.read(query("topic", template(2)))).hasSize(1);
    }

    /** Adds selectors one by one until the form is refused; returns how many were accepted. */
    private int acceptedUntilRefused(String name, java.util.function.IntFunction<String> selector, String limit) {
        List<String> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pairs.add(name);
            pairs.add(selector.apply(i));
            try {
                assertThat(form.read(query(pairs.toArray(String[]::new)))).hasSize(i + 1);
            } catch (HubException e) {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).contains("(limit " + limit + ")");
                return i;
            }
        }
        throw new AssertionError("never refused");
    }

    @Test
    @DisplayName("the variables and groups of one subscription together: a 400 naming max-subscription-variables")
    void subscriptionVariables() {
        int perSubscription = MatchLimits.DEFAULTS.maxSubscriptionVariables();
        assertThat(acceptedUntilRefused("topic", i -> template(32) + "/" + i, MatchLimits.SUBSCRIPTION_VARIABLES))
                .isEqualTo(perSubscription / 32);
        assertThat(acceptedUntilRefused("match_urlpattern", i -> pattern(32) + "/" + i,
                MatchLimits.SUBSCRIPTION_VARIABLES)).isEqualTo(perSubscription / 32);
    }

    @Test
    @DisplayName("the compiled size of one subscription's selectors together: a 400 naming max-subscription-size")
    void subscriptionSize() {
        String longTemplate = "https://example.com/" + "x".repeat(3000) + "{id}";
        int each = selectors.parse(longTemplate + "/0").programSize();
        assertThat(acceptedUntilRefused("topic", i -> longTemplate + "/" + i, MatchLimits.SUBSCRIPTION_SIZE))
                .isEqualTo(MatchLimits.DEFAULTS.maxSubscriptionSize() / each);
        // Exact selectors cost no matching: as many as the other limits allow.
        String[] exact = new String[2000];
        for (int i = 0; i < 1000; i++) {
            exact[2 * i] = "topic";
            exact[2 * i + 1] = "https://example.com/" + i;
        }
        assertThat(form.read(query(exact))).hasSize(1000);
    }
}
