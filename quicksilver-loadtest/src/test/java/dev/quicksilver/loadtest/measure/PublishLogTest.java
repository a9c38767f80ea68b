package dev.quicksilver.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishLogTest {

    @Test
    void tellsLostDeliveriesFromThoseOfUnansweredPublishes() {
        PublishLog log = new PublishLog(4);
        log.sent(0, 0, 3);
        log.sent(1, 0, 3);
        log.sent(2, 0, 3);
        log.sent(3, 0, 3);
        log.answered(0, PublishLog.Outcome.OK);
        log.answered(1, PublishLog.Outcome.OK);
        log.answered(2, PublishLog.Outcome.UNKNOWN); // timed out, yet the hub delivered it
        log.answered(3, PublishLog.Outcome.OK);
        for (int k = 0; k < 3; k++) {
            assertThat(log.delivered(0, 1_000_000L * (k + 1))).isTrue();
            log.delivered(2, 1_000);
        }
        log.delivered(1, 1_000);
        log.delivered(3, 1_000);
        log.delivered(3, 1_000);
        log.delivered(3, 1_000);
        log.delivered(3, 1_000); // a duplicate
        assertThat(log.delivered(4, 1_000)).isFalse();
        assertThat(log.delivered(-1, 1_000)).isFalse();

        assertThat(log.allDelivered()).isFalse(); // publish 1 misses two
        PublishLog.Summary s = log.summary();
        assertThat(s.expected()).isEqualTo(9);
        assertThat(s.received()).isEqualTo(7);
        assertThat(s.incompletePublishes()).isEqualTo(1);
        assertThat(s.extra()).isEqualTo(1);
        assertThat(s.unacknowledged()).isEqualTo(3);
        assertThat(s.fanOut().count()).isEqualTo(2);
        assertThat(s.fanOut().max()).isEqualTo(3.0); // publish 0's last delivery, 3 ms

        log.delivered(1, 1_000);
        log.delivered(1, 1_000);
        assertThat(log.allDelivered()).isTrue();
    }
}
