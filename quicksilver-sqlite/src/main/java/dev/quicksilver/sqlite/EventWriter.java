package dev.quicksilver.sqlite;

import dev.quicksilver.core.update.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The write side of the store: the writer thread's connection and statements, and nothing else
 * uses them. Each method is one transaction.
 */
final class EventWriter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement deleteThrough;
    private final PreparedStatement firstFresh;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;

    EventWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.insert = connection.prepareStatement(EventRows.INSERT);
        this.begin = connection.prepareStatement("BEGIN");
        this.commit = connection.prepareStatement("COMMIT");
        this.rollback = connection.prepareStatement("ROLLBACK");
        this.deleteThrough = connection.prepareStatement("DELETE FROM event WHERE seq <= ?");
        // Rows are in seq order and their times never decrease, so the scan stops at the first
        // fresh row: it costs the expired rows, which are then deleted.
        this.firstFresh = connection.prepareStatement(
                "SELECT seq FROM event WHERE seq > ? AND created >= ? ORDER BY seq LIMIT 1");
    }

    /** The highest sequence ever given, even if retention has since deleted it; 0 for a new file. */
    long lastSequence() throws SQLException {
        return singleLong("SELECT seq FROM sqlite_sequence WHERE name = 'event'", 0);
    }

    /** The lowest sequence kept, or {@code lastSequence + 1} when nothing is kept. */
    long firstSequence(long lastSequence) throws SQLException {
        return singleLong("SELECT min(seq) FROM event", lastSequence + 1);
    }

    /** The id of the newest event kept, or null. */
    String lastId() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT id FROM event ORDER BY seq DESC LIMIT 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }

    /** The storage time of the newest event kept, or {@link Long#MIN_VALUE}. */
    long lastCreated() throws SQLException {
        return singleLong("SELECT created FROM event ORDER BY seq DESC LIMIT 1", Long.MIN_VALUE);
    }

    /** Stores the events in one transaction: all of them or, on failure, none. */
    void insert(List<Event> events, long createdMillis) throws SQLException {
        // Plain BEGIN/COMMIT in auto-commit mode: the driver's setAutoCommit(false) and commit()
        // add an empty transaction (COMMIT then BEGIN again) around each batch.
        begin.execute();
        try {
            for (Event event : events) {
                EventRows.bind(insert, event, createdMillis);
                insert.executeUpdate();
            }
            commit.execute();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
    }

    /** Deletes every event whose sequence is at most {@code seq}. */
    int deleteThrough(long seq) throws SQLException {
        deleteThrough.setLong(1, seq);
        return deleteThrough.executeUpdate();
    }

    /** The first sequence after {@code after} stored at or after {@code cutoffMillis}, or -1. */
    long firstFresh(long after, long cutoffMillis) throws SQLException {
        firstFresh.setLong(1, after);
        firstFresh.setLong(2, cutoffMillis);
        try (ResultSet r = firstFresh.executeQuery()) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    private long singleLong(String sql, long fallback) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            if (r.next()) {
                long v = r.getLong(1);
                return r.wasNull() ? fallback : v;
            }
            return fallback;
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            rollback.execute();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            insert.close();
            deleteThrough.close();
            firstFresh.close();
            begin.close();
            commit.close();
            rollback.close();
            connection.close();
        } catch (SQLException e) {
            // the process is stopping; SQLite recovers the WAL at the next open
        }
    }
}
