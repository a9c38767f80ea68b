package dev.quicksilver.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables, versioned with {@code PRAGMA user_version}: migration {@code n} takes a file from
 * version {@code n} to {@code n + 1}, in one transaction with the version bump, so a crash leaves
 * either version. A file from a newer hub is refused rather than misread.
 */
final class Schema {
    /**
     * Version 1. {@code seq} is the event's sequence; AUTOINCREMENT keeps the high-water mark in
     * {@code sqlite_sequence} even when retention empties the table, so a restart continues the
     * sequence instead of reusing numbers. The update is kept field by field (readable with
     * {@code sqlite3}); its SSE bytes are encoded again on read (see docs/benchmarks.md). The index
     * on {@code id} finds a reconnection cursor; its entries are ordered by rowid within an id, so
     * the first copy of a duplicated id (where a reconnection resumes: Mercure draft-08 "Reconnection,
     * State Reconciliation, and Event Sourcing") is its first entry.
     */
    private static final List<String> V1 = List.of(
            "CREATE TABLE event ("
                    + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " id TEXT NOT NULL,"
                    + " created INTEGER NOT NULL,"
                    + " topics TEXT NOT NULL,"
                    + " data TEXT NOT NULL,"
                    + " private INTEGER NOT NULL,"
                    + " type TEXT,"
                    + " retry INTEGER NOT NULL,"
                    + " targets TEXT NOT NULL)",
            "CREATE INDEX event_id ON event (id)");

    /**
     * Version 2: the history is bounded in bytes too, and subscription events are not stored (they
     * keep their place in the sequence, which so has gaps). {@code ordinal} numbers the rows
     * without gaps (the count limit), {@code size} is the event's SSE bytes and {@code total} the
     * running sum of {@code size} up to and including the row (the byte limit): both are checked
     * against the newest row, with no scan, and never decrease along {@code seq}, so what is kept
     * is still every row after some point. Rows from version 1 get their ordinal from their (then
     * gapless) sequence and a size estimated from their fields.
     */
    private static final List<String> V2 = List.of(
            "ALTER TABLE event ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE event ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE event ADD COLUMN total INTEGER NOT NULL DEFAULT 0",
            "UPDATE event SET ordinal = seq, size = length(CAST(id AS BLOB)) + length(CAST(data AS BLOB)) + 16",
            "UPDATE event SET total = running.total FROM (SELECT seq AS s, sum(size) OVER (ORDER BY seq) AS total "
                    + "FROM event) AS running WHERE event.seq = running.s");

    private static final List<List<String>> MIGRATIONS = List.of(V1, V2);

    static final int LATEST = MIGRATIONS.size();

    private Schema() {}

    /** Brings the file to {@link #LATEST}; the connection is in auto-commit mode before and after. */
    static void migrate(Connection connection, String file) throws SQLException {
        int version = version(connection);
        if (version > LATEST) {
            throw new StoreException(file + ": schema version " + version + " was written by a newer Quicksilver "
                    + "(this one knows up to " + LATEST + "); upgrade the hub or use another data-dir");
        }
        for (int v = version; v < LATEST; v++) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("PRAGMA user_version = " + (v + 1));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
