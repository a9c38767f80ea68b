package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One read connection and its statements, owned by one reader thread. A replay is read in one
 * transaction, so the limits, the cursor and the events after it come from the same snapshot.
 *
 * <p>The events kept are those {@link Keep} keeps against the snapshot's newest row, whether or
 * not the writer has deleted the others yet: the same answer as the in-memory ring.
 */
final class EventReader implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement newest;
    private final PreparedStatement cursor;
    private final PreparedStatement range;
    private final PreparedStatement next;

    EventReader(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.newest = connection.prepareStatement("SELECT ordinal, total FROM event ORDER BY seq DESC LIMIT 1");
        // The index on id holds (id, seq): the first kept entry is the first copy kept, where a reused
        // id resumes (Mercure draft-08 "Reconnection, State Reconciliation, and Event Sourcing").
        this.cursor = connection.prepareStatement(
                "SELECT seq FROM event WHERE id = ? AND " + Keep.SQL + " ORDER BY seq LIMIT 1");
        this.range = connection.prepareStatement(
                "SELECT " + EventRows.COLUMNS + " FROM event WHERE seq > ? AND " + Keep.SQL + " ORDER BY seq");
        this.next = connection.prepareStatement(
                "SELECT ordinal, total, size, created FROM event WHERE seq > ? ORDER BY seq LIMIT 1");
    }

    Replay after(String lastEventId, SqliteSettings settings) throws SQLException {
        try {
            Keep keep = keep(settings);
            long after = 0;
            if (!Replay.EARLIEST.equals(lastEventId)) {
                cursor.setString(1, lastEventId);
                keep.bind(cursor, 2);
                try (ResultSet r = cursor.executeQuery()) {
                    if (!r.next()) {
                        return Replay.unknown();
                    }
                    after = r.getLong(1);
                }
            }
            return new Replay(true, after, range(after, keep));
        } finally {
            end();
        }
    }

    /**
     * The events above {@code sequence}; not found when one above it is dropped.
     *
     * @param deletedThrough the last row the writer deleted (or is deleting), read once the snapshot
     *     has begun: rows missing from the snapshot are then at or below it
     */
    Replay afterSequence(long sequence, SqliteSettings settings, LongSupplier deletedThrough) throws SQLException {
        try {
            Keep keep = keep(settings);
            if (deletedThrough.getAsLong() > sequence) {
                return Replay.unknown();
            }
            // Kept rows are every row after some point: if the first row above is kept, all are.
            next.setLong(1, sequence);
            try (ResultSet r = next.executeQuery()) {
                if (r.next() && !keep.keeps(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4))) {
                    return Replay.unknown();
                }
            }
            return new Replay(true, sequence, range(sequence, keep));
        } finally {
            end();
        }
    }

    /** The limits against the snapshot's newest row; the first query, so it begins the snapshot. */
    private Keep keep(SqliteSettings settings) throws SQLException {
        Position position = Position.NONE;
        try (ResultSet r = newest.executeQuery()) {
            if (r.next()) {
                position = new Position(r.getLong(1), r.getLong(2));
            }
        }
        return Keep.of(settings, position, settings.cutoffMillis());
    }

    private List<Event> range(long after, Keep keep) throws SQLException {
        range.setLong(1, after);
        keep.bind(range, 2);
        List<Event> events = new ArrayList<>();
        try (ResultSet r = range.executeQuery()) {
            while (r.next()) {
                events.add(EventRows.read(r));
            }
        }
        return events;
    }

    /**
     * Ends the snapshot at once: an open read transaction would stop checkpoints from recycling the
     * write-ahead log.
     */
    private void end() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() {
        try {
            newest.close();
            cursor.close();
            range.close();
            next.close();
            connection.close();
        } catch (SQLException e) {
            // nothing to keep
        }
    }
}
