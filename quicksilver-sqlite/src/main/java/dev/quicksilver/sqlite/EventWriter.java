package dev.quicksilver.sqlite;

import dev.quicksilver.core.update.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The write side of the store: the writer thread's connection and statements, and nothing else
 * uses them. Each method is one transaction. After a failure the connection may be left in a state
 * it does not recover from (a transaction SQLite rolled back by itself, a statement the driver
 * closed): the writer then closes this one and opens another ({@link GroupCommit}).
 */
final class EventWriter implements AutoCloseable {
    /** A row that retention deletes through: its sequence and its place for the limits. */
    record Row(long seq, Position position) {}

    /** What a scan found: the last row the limits drop (null: none), and whether more may follow the scanned ones. */
    record Dropped(Row through, boolean more) {}

    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement deleteThrough;
    private final PreparedStatement scan;
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
        // Rows are in seq order and the limits keep a suffix of them, so a scan stops at the first
        // kept row: it costs the dropped rows, which are then deleted.
        this.scan = connection.prepareStatement(
                "SELECT seq, ordinal, total, size, created FROM event WHERE seq > ? ORDER BY seq LIMIT ?");
    }

    /** The highest sequence ever stored, even if retention has since deleted it; 0 for a new file. */
    long lastSequence() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'event'");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** The newest row, or null for an empty table. */
    record Newest(long seq, String id, Position position, long size, long created) {}

    Newest newest() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT seq, id, ordinal, total, size, created FROM event ORDER BY seq DESC LIMIT 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? new Newest(r.getLong(1), r.getString(2), new Position(r.getLong(3), r.getLong(4)),
                    r.getLong(5), r.getLong(6)) : null;
        }
    }

    /** Just before the oldest row (as if the row before it had been deleted), or null for an empty table. */
    Row beforeOldest() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT seq, ordinal, total - size FROM event ORDER BY seq LIMIT 1"); ResultSet r = s.executeQuery()) {
            return r.next() ? new Row(r.getLong(1) - 1, new Position(r.getLong(2) - 1, r.getLong(3))) : null;
        }
    }

    /**
     * Stores the events in one transaction: all of them or, on failure, none.
     *
     * @param after the position of the newest row before them
     * @return the position of the last of them
     */
    Position insert(List<Event> events, long createdMillis, Position after) throws SQLException {
        // Plain BEGIN/COMMIT in auto-commit mode: the driver's setAutoCommit(false) and commit()
        // add an empty transaction (COMMIT then BEGIN again) around each batch.
        begin.execute();
        try {
            Position at = after;
            for (Event event : events) {
                at = at.next(event);
                EventRows.bind(insert, event, createdMillis, at);
                insert.executeUpdate();
            }
            commit.execute();
            return at;
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

    /** Among at most {@code limit} rows after {@code afterSeq}, the last that {@code keep} drops. */
    Dropped dropped(long afterSeq, Keep keep, int limit) throws SQLException {
        scan.setLong(1, afterSeq);
        scan.setInt(2, limit);
        Row through = null;
        int scanned = 0;
        try (ResultSet r = scan.executeQuery()) {
            while (r.next()) {
                if (keep.keeps(r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5))) {
                    return new Dropped(through, false);
                }
                through = new Row(r.getLong(1), new Position(r.getLong(2), r.getLong(3)));
                scanned++;
            }
        }
        return new Dropped(through, scanned == limit);
    }

    /**
     * A write that stores nothing (the schema version, rewritten as it is): it succeeds only when
     * the store can write again, after a failure, without waiting for a publish.
     */
    void probe() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("BEGIN IMMEDIATE")) {
            s.execute();
        }
        try (PreparedStatement s = connection.prepareStatement("PRAGMA user_version = " + Schema.LATEST)) {
            s.execute();
            commit.execute();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
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
        for (AutoCloseable c : new AutoCloseable[] {insert, deleteThrough, scan, begin, commit, rollback, connection}) {
            try {
                c.close();
            } catch (Exception e) {
                // the store is failing or the process stopping; SQLite recovers the WAL at the next open
            }
        }
    }
}
