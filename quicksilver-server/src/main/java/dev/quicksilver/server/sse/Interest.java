package dev.quicksilver.server.sse;

import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.TopicSelector;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What one shard's subscribers may want, readable from any thread: so that a publish wakes only
 * the event loops that may have a recipient. Waking a sleeping loop is the largest single cost of
 * a publish to one subscriber (a system call on each side and a context switch), and with many
 * topics most loops have none.
 *
 * <p>Exact selectors are counted in buckets by the topic's hash (a collision only costs a wasted
 * wake-up); every other selector (templates, URL patterns, {@code *}) makes the shard want
 * everything. Written by the shard's loop, read by the publishing thread with volatile semantics:
 * a subscriber added before the read is seen; one added after it missed nothing it could have
 * had, since the event was stored before the read and is in the history for a resume.
 */
final class Interest {
    private static final int BUCKETS = 1 << 14;

    private final AtomicIntegerArray exact = new AtomicIntegerArray(BUCKETS);
    private final AtomicInteger broad = new AtomicInteger();

    void add(Subscriber s) {
        count(s, 1);
    }

    void remove(Subscriber s) {
        count(s, -1);
    }

    private void count(Subscriber s, int delta) {
        for (TopicSelector selector : s.selectors()) {
            if (selector instanceof TopicSelector.Exact) {
                exact.addAndGet(bucket(selector.text()), delta);
            } else {
                broad.addAndGet(delta);
            }
        }
    }

    /** False only when no subscriber of the shard can be a recipient of the update. */
    boolean mayWant(Update update) {
        if (broad.get() > 0) {
            return true;
        }
        List<String> topics = update.topics();
        for (int i = 0; i < topics.size(); i++) {
            if (exact.get(bucket(topics.get(i))) > 0) {
                return true;
            }
        }
        return false;
    }

    private static int bucket(String topic) {
        int h = topic.hashCode();
        return (h ^ (h >>> 16)) & (BUCKETS - 1);
    }
}
