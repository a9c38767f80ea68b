package dev.quicksilver.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlowLogTest {
    /** Publishes 0..9 to two groups: group 0 has 0, 2, 4, 6, 8 (all accepted), sent at seq / 10 s. */
    private static final SlowLog.Publishes PUBLISHES = new SlowLog.Publishes() {
        @Override
        public long[] accepted(int group) {
            return group == 0 ? new long[] {0, 2, 4, 6, 8} : new long[] {1, 3, 5, 7, 9};
        }

        @Override
        public double sentSeconds(long seq) {
            return seq / 10.0;
        }
    };

    @Test
    void countsWhatEachStreamHeldAsSetsWhateverTheirOrder() {
        SlowLog log = new SlowLog(3, i -> i % 2);
        SlowLog.Entry cut = log.get(0);
        cut.established = true;
        cut.read(0, "a");
        cut.read(4, "c"); // the hub stored 4 before 2
        cut.read(4, "c"); // a duplicate counts once
        cut.cut = "connection closed by the hub";
        cut.resumed = true;
        cut.reread(2);
        cut.reread(4); // held already
        cut.reread(8);
        assertThat(cut.lastEventId()).isEqualTo("c");

        SlowLog.Entry kept = log.get(1);
        kept.established = true;
        for (long seq : new long[] {1, 3, 5, 7}) {
            kept.read(seq, "id" + seq);
        }
        assertThat(log.allDone(true, g -> 5)).isFalse(); // 0 misses 6; 1 misses 9
        kept.read(9, "id9");
        assertThat(log.allDone(true, g -> 5)).isFalse();
        cut.reread(6);
        assertThat(log.allDone(true, g -> 5)).isTrue(); // the third never connected

        SlowLog.Summary s = log.summary(PUBLISHES);
        assertThat(s.requested()).isEqualTo(3);
        assertThat(s.established()).isEqualTo(2);
        assertThat(s.cut()).isEqualTo(1);
        assertThat(s.notCut()).isEqualTo(1);
        assertThat(s.cutReasons()).containsEntry("connection closed by the hub", 1L);
        assertThat(s.cutAfterFirstS()).isEqualTo(0.4); // its last event read was publish 4
        assertThat(s.expected()).isEqualTo(10);
        assertThat(s.received()).isEqualTo(2 + 5);
        assertThat(s.resumed()).isEqualTo(1);
        assertThat(s.toRecover()).isEqualTo(3); // 2, 6 and 8
        assertThat(s.recovered()).isEqualTo(3);
    }

    @Test
    void aCutSubscriberThatDoesNotResumeIsDone() {
        SlowLog log = new SlowLog(1, i -> 0);
        log.get(0).established = true;
        assertThat(log.allDone(false, g -> 5)).isFalse();
        log.get(0).cut = "stream ended by the hub";
        assertThat(log.allDone(false, g -> 5)).isTrue();
        assertThat(log.allDone(true, g -> 5)).isFalse();
        log.get(0).resumeFailure = "HTTP 503";
        assertThat(log.allDone(true, g -> 5)).isTrue();
    }
}
