package dev.quicksilver.loadtest.workers;

import dev.quicksilver.loadtest.measure.Metrics;
import dev.quicksilver.loadtest.measure.PublishLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.HdrHistogram.Histogram;

/**
 * The figures a worker and its coordinator exchange, as text that fits on one line: per-publish
 * arrays deflated then base64, and latency histograms in HdrHistogram's compressed encoding
 * (base64), so that the coordinator merges the workers' distributions exactly, not their
 * percentiles.
 */
public final class Codec {
    /** A decoded array longer than this is refused (more than the publishes a run may make). */
    static final int MAX_LENGTH = (int) dev.quicksilver.loadtest.Settings.MAX_WORKER_PUBLISHES;

    private Codec() {}

    /** The publishes' send times and the hub's answers, as the coordinator's publisher saw them. */
    public record Sent(long[] sentNanos, byte[] outcomes) {}

    public static String ints(int[] values) {
        return deflate(out -> {
            out.writeInt(values.length);
            for (int v : values) {
                out.writeInt(v);
            }
        });
    }

    public static int[] ints(String text) {
        return inflate(text, in -> {
            int[] out = new int[length(in.readInt())];
            for (int i = 0; i < out.length; i++) {
                out[i] = in.readInt();
            }
            return out;
        });
    }

    /** The send time and outcome of each of {@code log}'s publishes. */
    public static String sent(PublishLog log) {
        return deflate(out -> {
            out.writeInt(log.capacity());
            for (int i = 0; i < log.capacity(); i++) {
                out.writeLong(log.sentNanos(i));
                out.writeByte(log.outcome(i).ordinal());
            }
        });
    }

    public static Sent sent(String text) {
        return inflate(text, in -> {
            int n = length(in.readInt());
            long[] nanos = new long[n];
            byte[] outcomes = new byte[n];
            for (int i = 0; i < n; i++) {
                nanos[i] = in.readLong();
                outcomes[i] = in.readByte();
                if (outcomes[i] < 0 || outcomes[i] >= PublishLog.Outcome.values().length) {
                    throw new IOException("outcome " + outcomes[i] + " of publish " + i);
                }
            }
            return new Sent(nanos, outcomes);
        });
    }

    public static String histogram(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** @throws IllegalArgumentException when {@code text} is not an encoded histogram */
    public static Histogram histogram(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)),
                    Metrics.HIGHEST_LATENCY_NANOS);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    private static int length(int n) throws IOException {
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("length " + n);
        }
        return n;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static String deflate(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: never
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** @throws IllegalArgumentException when {@code text} is not what {@code reader} expects */
    private static <T> T inflate(String text, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(
                new ByteArrayInputStream(Base64.getDecoder().decode(text))))) {
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed worker message: " + e.getMessage(), e);
        }
    }
}
