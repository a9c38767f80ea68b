package dev.quicksilver.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which rows the limits keep, given the newest row's {@link Position}: the newest
 * {@code maxEvents}, of at most {@code maxBytes} together, none stored before the age cutoff. Each
 * condition holds for a row only if it holds for every later one (ordinals, totals and times never
 * decrease along the sequence), so the kept rows are always every row after some point.
 *
 * @param minOrdinal kept rows have a larger ordinal
 * @param minBytesBefore kept rows have at least this many bytes before them ({@code total - size})
 * @param cutoffMillis kept rows were stored at or after this time
 */
record Keep(long minOrdinal, long minBytesBefore, long cutoffMillis) {
    /** The condition in SQL, with three parameters: bind them with {@link #bind}. */
    static final String SQL = "ordinal > ? AND total - size >= ? AND created >= ?";

    static Keep of(SqliteSettings settings, Position newest, long cutoffMillis) {
        return new Keep(newest.ordinal() - settings.maxEvents(), newest.total() - settings.maxBytes(), cutoffMillis);
    }

    boolean keeps(long ordinal, long total, long size, long created) {
        return ordinal > minOrdinal && total - size >= minBytesBefore && created >= cutoffMillis;
    }

    /** Binds {@link #SQL}'s parameters from {@code index} on; returns the next index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        statement.setLong(index, minOrdinal);
        statement.setLong(index + 1, minBytesBefore);
        statement.setLong(index + 2, cutoffMillis);
        return index + 3;
    }
}
