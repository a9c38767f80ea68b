package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogIntervalTest {

    @Test
    @DisplayName("the first event is logged, those within the interval are counted, the next line says how many")
    void oneLinePerInterval() {
        AtomicLong now = new AtomicLong(42);
        LogInterval lines = new LogInterval(1_000, now::get);
        assertThat(lines.admit()).isZero();
        now.addAndGet(999);
        assertThat(lines.admit()).isEqualTo(-1);
        assertThat(lines.admit()).isEqualTo(-1);
        now.addAndGet(1);
        assertThat(lines.admit()).isEqualTo(2);
        assertThat(lines.admit()).isEqualTo(-1);
    }
}
