package dev.quicksilver.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.PublishLog;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void arraysAndPublishLogsSurviveTheTrip() {
        int[] values = {0, 1, -1, Integer.MAX_VALUE, 42};
        assertThat(Codec.ints(Codec.ints(values))).containsExactly(values);
        assertThat(Codec.ints(Codec.ints(new int[0]))).isEmpty();

        PublishLog log = new PublishLog(3);
        log.sent(0, 123_456_789_012L, 5);
        log.answered(0, PublishLog.Outcome.OK);
        log.sent(2, -5L, 1);
        log.answered(2, PublishLog.Outcome.UNKNOWN);
        Codec.Sent sent = Codec.sent(Codec.sent(log));
        assertThat(sent.sentNanos()).containsExactly(123_456_789_012L, 0L, -5L);
        assertThat(sent.outcomes()).containsExactly((byte) PublishLog.Outcome.OK.ordinal(),
                (byte) PublishLog.Outcome.NONE.ordinal(), (byte) PublishLog.Outcome.UNKNOWN.ordinal());
    }

    @Test
    void mergedHistogramsGiveThePercentilesOfAllTheValues() {
        Histogram a = new Histogram(1_000, Metrics.HIGHEST_LATENCY_NANOS, 3);
        Histogram b = a.copy();
        Histogram all = a.copy();
        for (long v = 1; v <= 1_000; v++) {
            a.recordValue(v * 1_000_000);
            all.recordValue(v * 1_000_000);
            b.recordValue(v * 3_000_000);
            all.recordValue(v * 3_000_000);
        }
        Histogram merged = Codec.histogram(Codec.histogram(a));
        merged.add(Codec.histogram(Codec.histogram(b)));
        assertThat(merged.getTotalCount()).isEqualTo(2_000);
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertThat(merged.getValueAtPercentile(p)).isEqualTo(all.getValueAtPercentile(p));
        }
    }

    @Test
    void malformedTextIsRefusedWithAMessage() {
        assertThatThrownBy(() -> Codec.ints("not base64!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed worker message");
        assertThatThrownBy(() -> Codec.histogram("AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReportReadsBackAsItWasWritten() {
        WorkerReport r = new WorkerReport(WorkerReport.RESULT, 2, 99, 10, 10, 9, Map.of("HTTP 503", 1L), 1.5, null,
                List.of(5, 4), 8, List.of(3, 5), Map.of("stream ended by the hub", 3L), 7, 0, 2, 3,
                Map.of(), "h1", "h2", "e", "r", "l", 0.25, 1.75, 1234);
        assertThat(r.line()).startsWith(WorkerReport.PREFIX);
        assertThat(WorkerReport.parse(r.line())).isEqualTo(r);
    }
}
