package dev.quicksilver.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicksilver.core.topic.UriTemplate;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
    private static final String PREFIX = "https://example.com/loadtest";

    @Test
    void eachTemplatedPublishMatchesItsOwnTemplateAndNoOther() {
        TopicPlan plan = new TopicPlan(PREFIX, 12, true); // t1 against t10 and t11
        for (int j = 0; j < 12; j++) {
            UriTemplate template = UriTemplate.parse(plan.selector(j)).orElseThrow();
            for (long seq = 0; seq < 12 * 20; seq++) {
                assertThat(template.matches(plan.publishTopic(seq)))
                        .as("template %s, topic %s", plan.selector(j), plan.publishTopic(seq))
                        .isEqualTo(plan.groupOfPublish(seq) == j);
            }
        }
        assertThat(plan.selector(3)).isEqualTo(PREFIX + "/t3/{group}/items/{id}");
        assertThat(plan.publishTopic(27)).isEqualTo(PREFIX + "/t3/g2/items/27");
        assertThat(plan.publishTopic(27 + 12 * 16)).isEqualTo(PREFIX + "/t3/g2/items/219");
    }

    @Test
    void topicsModeSelectsAndPublishesTheSameTopics() {
        TopicPlan plan = new TopicPlan(PREFIX, 3, false);
        assertThat(plan.selector(2)).isEqualTo(PREFIX + "/2");
        assertThat(plan.publishTopic(5)).isEqualTo(PREFIX + "/2");
        assertThat(plan.groupOfSubscriber(7)).isEqualTo(1);
    }

    @Test
    void expectedDeliveriesCountEachPublishsGroupWithoutTheSlowSubscribers() {
        for (int n : new int[] {0, 1, 7, 40, 101}) {
            for (int slow : new int[] {0, 1, 5, 200}) {
                for (int groups : new int[] {1, 3, 12, 100}) {
                    long total = 0;
                    for (long seq = 0; seq < 250; seq++) {
                        int j = (int) (seq % groups);
                        long members = 0;
                        for (int i = slow; i < n; i++) {
                            members += i % groups == j ? 1 : 0;
                        }
                        assertThat(TopicPlan.subscribersIn(j, n, slow, groups)).isEqualTo(members);
                        total += members;
                    }
                    assertThat(TopicPlan.expectedDeliveries(n, slow, groups, 250))
                            .as("n=%d slow=%d groups=%d", n, slow, groups).isEqualTo(total);
                }
            }
        }
        // The documented closed form: P (N - S) / G when G divides N, S and P.
        assertThat(TopicPlan.expectedDeliveries(15_000, 100, 100, 10_000)).isEqualTo(10_000L * 14_900 / 100);
    }
}
