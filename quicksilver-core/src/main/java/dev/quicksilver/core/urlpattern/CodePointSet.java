package dev.quicksilver.core.urlpattern;

import java.util.Arrays;

/**
 * An immutable set of Unicode code points as sorted, disjoint, non-adjacent ranges. ECMAScript's
 * v-flag character classes allow intersection ({@code &&}) and subtraction ({@code --}), which
 * RE2 lacks, so classes are evaluated here and emitted as plain ranges.
 */
final class CodePointSet {
    static final int MAX = 0x10FFFF;
    static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    static final CodePointSet ALL = range(0, MAX);

    /** lo0, hi0, lo1, hi1, ... (inclusive bounds) */
    private final int[] ranges;

    private CodePointSet(int[] ranges) {
        this.ranges = ranges;
    }

    static CodePointSet of(int codePoint) {
        return range(codePoint, codePoint);
    }

    static CodePointSet range(int lo, int hi) {
        return new CodePointSet(new int[] {lo, hi});
    }

    /** builds a set from possibly overlapping, unsorted lo/hi pairs */
    static CodePointSet ofRanges(int... pairs) {
        int n = pairs.length / 2;
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
        }
        Arrays.sort(sorted);
        int[] out = new int[pairs.length];
        int size = 0;
        for (long r : sorted) {
            int lo = (int) (r >>> 32);
            int hi = (int) r;
            if (size > 0 && lo <= out[size - 1] + 1) {
                out[size - 1] = Math.max(out[size - 1], hi);
            } else {
                out[size++] = lo;
                out[size++] = hi;
            }
        }
        return new CodePointSet(Arrays.copyOf(out, size));
    }

    int rangeCount() {
        return ranges.length / 2;
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    boolean contains(int codePoint) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (codePoint < ranges[i]) {
                return false;
            }
            if (codePoint <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    CodePointSet union(CodePointSet other) {
        int[] both = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, both, ranges.length, other.ranges.length);
        return ofRanges(both);
    }

    CodePointSet complement() {
        int[] out = new int[ranges.length + 2];
        int size = 0;
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out[size++] = next;
                out[size++] = ranges[i] - 1;
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            out[size++] = next;
            out[size++] = MAX;
        }
        return new CodePointSet(Arrays.copyOf(out, size));
    }

    CodePointSet intersect(CodePointSet other) {
        return complement().union(other.complement()).complement();
    }

    CodePointSet subtract(CodePointSet other) {
        return intersect(other.complement());
    }

    /**
     * The set as an re2j character class, negated with "[^...]" when asked: negating in re2j
     * rather than here keeps case-insensitive matching right ({@code (?i)[^a]} excludes "A").
     */
    String toRe2Class(boolean negated) {
        if (ranges.length == 0) {
            return negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]";
        }
        StringBuilder out = new StringBuilder(negated ? "[^" : "[");
        for (int i = 0; i < ranges.length; i += 2) {
            appendHex(out, ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                out.append('-');
                appendHex(out, ranges[i + 1]);
            }
        }
        return out.append(']').toString();
    }

    private static void appendHex(StringBuilder out, int codePoint) {
        out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodePointSet && Arrays.equals(ranges, ((CodePointSet) o).ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }
}
