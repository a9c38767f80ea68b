package dev.quicksilver.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Opens the writer's and the readers' connections, with the settings each needs. */
final class Connections {
    /** Waits this long for a lock held by a checkpoint or a reader instead of failing at once. */
    private static final int BUSY_TIMEOUT_MS = 5_000;
    /** A WAL file larger than this after a checkpoint is truncated back, so disk use stays bounded. */
    private static final long WAL_SIZE_LIMIT = 64L << 20;
    /** Pages in the WAL before a commit copies them into the database: SQLite's default, stated. */
    private static final int WAL_CHECKPOINT_PAGES = 1000;

    private Connections() {}

    /** The one connection that writes: WAL mode (persistent in the file) and the sync policy (per connection). */
    static Connection writer(SqliteSettings settings) throws SQLException {
        Connection c = open(settings);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + settings.sync().name());
            s.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
            s.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A connection that only reads: it sees the last commit made before each of its transactions. */
    static Connection reader(SqliteSettings settings) throws SQLException {
        Connection c = open(settings);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = true");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static Connection open(SqliteSettings settings) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        // The driver otherwise runs "SELECT last_insert_rowid()" after every insert (and a regular
        // expression on the SQL to decide so): the writer gives the sequence itself.
        properties.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + settings.file().toAbsolutePath(), properties);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** An operator's reading of an SQLite failure, at start-up or when writing. */
    static String explain(SQLException e) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            switch (code.code & 0xff) {
                case 26: // SQLITE_NOTADB
                    return "not an SQLite database (a file of another program, or damaged): move it away to start "
                            + "with an empty history";
                case 11: // SQLITE_CORRUPT
                    return "the database is damaged: move it away to start with an empty history, or repair it "
                            + "with sqlite3's .recover";
                case 14: // SQLITE_CANTOPEN
                    return "cannot open the file: check that the data directory exists, is a directory and is "
                            + "writable";
                case 8: // SQLITE_READONLY
                    return "the file or its directory is read-only: the hub needs to write there";
                case 13: // SQLITE_FULL
                    return "the disk is full";
                case 10: // SQLITE_IOERR: ENOSPC or EFBIG on a write, or a failing device
                    return "cannot write to the disk (full, over a file-size limit, or failing; " + code.name() + ")";
                case 5: // SQLITE_BUSY
                    return "the file is locked by another program";
                default:
                    break;
            }
        }
        return e.getMessage();
    }
}
