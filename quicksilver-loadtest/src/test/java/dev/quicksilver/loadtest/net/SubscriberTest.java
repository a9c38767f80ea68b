package dev.quicksilver.loadtest.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriberTest {

    @Test
    void aPublishReceivedTwiceIsADuplicate() {
        Subscriber s = new Subscriber(4, 1, 3, 1); // group 1 of 3: publishes 1, 4, 7, ...
        assertThat(s.firstTime(1)).isTrue();
        assertThat(s.firstTime(4)).isTrue();
        assertThat(s.firstTime(1)).isFalse();
        assertThat(s.firstTime(7_000_000)).isTrue();
        assertThat(s.firstTime(7_000_000)).isFalse();
        assertThat(s.firstTime(4)).isFalse();
    }

    @Test
    void theSubscribersOfADeadHubSpreadOverTheOthersThenTryEveryHubInTurn() {
        int hubs = 4;
        int[] movedTo = new int[hubs];
        for (int i = 1; i < 1200; i += hubs) { // the subscribers of hub 1
            Subscriber s = new Subscriber(i, 0, 1, hubs);
            assertThat(s.hub).isEqualTo(1);
            s.nextStep = s.step;
            s.moveHub(hubs);
            movedTo[s.hub]++;
        }
        assertThat(movedTo).containsExactly(100, 0, 100, 100);

        Subscriber s = new Subscriber(5, 0, 1, hubs); // hub 1, step 2
        s.nextStep = s.step;
        s.moveHub(hubs);
        assertThat(s.hub).isEqualTo(3);
        s.moveHub(hubs); // that attempt failed: the next hubs in turn
        assertThat(s.hub).isEqualTo(0);
        s.moveHub(hubs);
        assertThat(s.hub).isEqualTo(1);
    }

    @Test
    void itIsPresentFromItsFirstStreamUntilItIsLostForGood() {
        Subscriber s = new Subscriber(0, 0, 1, 1);
        assertThat(s.presentAt(100)).isFalse();
        s.sinceNanos = 100;
        assertThat(s.presentAt(99)).isFalse();
        assertThat(s.presentAt(100)).isTrue();
        assertThat(s.presentAt(Long.MAX_VALUE - 1)).isTrue();
        s.untilNanos = 200;
        assertThat(s.presentAt(199)).isTrue();
        assertThat(s.presentAt(200)).isFalse();
    }
}
