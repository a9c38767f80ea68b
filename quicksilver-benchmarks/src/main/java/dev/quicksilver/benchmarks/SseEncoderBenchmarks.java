package dev.quicksilver.benchmarks;

import dev.quicksilver.core.update.SseEncoder;
import dev.quicksilver.core.update.Update;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding one update as an SSE event: done once per publish, whatever the number of subscribers. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseEncoderBenchmarks {
    Update small;
    Update multiLine;

    @Setup
    public void setUp() {
        String id = "urn:uuid:2f0c7a4e-9a51-4d3c-8f5e-6b1d2c3e4f50";
        small = Update.of(List.of("https://example.com/books/1"), "{\"title\":\"Dune\",\"price\":9.99}").withId(id);
        StringBuilder data = new StringBuilder();
        for (int line = 0; line < 20; line++) {
            data.append("{\"line\":").append(line).append(",\"text\":\"the quick brown fox jumps over the lazy dog\"}")
                    .append(line % 2 == 0 ? "\n" : "\r\n");
        }
        multiLine = new Update(id, List.of("https://example.com/books/1"), data.toString(), false, "book", 5000,
                java.util.Set.of());
    }

    /** About 40 bytes of data on one line. */
    @Benchmark
    public byte[] small() {
        return SseEncoder.encode(small);
    }

    /** 20 lines (LF and CRLF), about 1.3 KB, with an event type and retry. */
    @Benchmark
    public byte[] multiLine() {
        return SseEncoder.encode(multiLine);
    }
}
