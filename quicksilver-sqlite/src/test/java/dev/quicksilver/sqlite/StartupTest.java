package dev.quicksilver.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that cannot be used stops the start with a message that names the file and the cause. */
class StartupTest {
    @TempDir
    Path dir;

    private SqliteSettings settings() {
        return SqliteSettings.of(dir.resolve("history.db"));
    }

    @Test
    @DisplayName("a new file gets the latest schema, in WAL mode")
    void newFile() throws Exception {
        SqliteTransport.open(settings()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(Schema.LATEST);
            assertThat(s.executeQuery("PRAGMA journal_mode").getString(1)).isEqualTo("wal");
        }
    }

    @Test
    @DisplayName("a file that is not SQLite (a seed-era bolt file, garbage)")
    void notADatabase() throws Exception {
        Files.write(dir.resolve("history.db"), "this is not a database, it is a bolt file. ".repeat(200).getBytes());
        assertThatThrownBy(() -> SqliteTransport.open(settings())).isInstanceOf(StoreException.class)
                .hasMessageContaining("history.db").hasMessageContaining("not an SQLite database");
        // The lock is released: once the file is moved away the store opens.
        Files.delete(dir.resolve("history.db"));
        SqliteTransport.open(settings()).close();
    }

    @Test
    @DisplayName("a database file that is a directory")
    void fileIsADirectory() throws Exception {
        Files.createDirectory(dir.resolve("history.db"));
        assertThatThrownBy(() -> SqliteTransport.open(settings())).isInstanceOf(StoreException.class)
                .hasMessageContaining("history.db");
    }

    @Test
    @DisplayName("a directory that does not exist")
    void missingDirectory() {
        assertThatThrownBy(() -> SqliteTransport.open(SqliteSettings.of(dir.resolve("nope/history.db"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("does not exist");
    }

    @Test
    @DisplayName("a directory the hub may not write in (as root, who may write anywhere else: sysfs)")
    void readOnlyDirectory() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            assertThatThrownBy(() -> SqliteTransport.open(SqliteSettings.of(Path.of("/sys/kernel/history.db"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("writable");
            return;
        }
        Path ro = Files.createDirectory(dir.resolve("ro"));
        ro.toFile().setWritable(false);
        try {
            assertThatThrownBy(() -> SqliteTransport.open(SqliteSettings.of(ro.resolve("history.db"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("writable");
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    @Test
    @DisplayName("a second hub on the same file is refused while the first runs")
    void secondHub() {
        try (SqliteTransport first = SqliteTransport.open(settings())) {
            assertThatThrownBy(() -> SqliteTransport.open(settings())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("in use by another hub");
        }
        SqliteTransport.open(settings()).close();
    }

    @Test
    @DisplayName("a file of schema version 1 (count limit only) is migrated: its events kept, in order, counted "
            + "by the byte limit (their size estimated), and new events follow")
    void migratesVersion1() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
                Statement s = c.createStatement()) {
            // Version 1 as it was released.
            s.execute("CREATE TABLE event (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, created INTEGER "
                    + "NOT NULL, topics TEXT NOT NULL, data TEXT NOT NULL, private INTEGER NOT NULL, type TEXT, retry "
                    + "INTEGER NOT NULL, targets TEXT NOT NULL)");
            s.execute("CREATE INDEX event_id ON event (id)");
            for (int i = 1; i <= 5; i++) {
                s.execute("INSERT INTO event (seq, id, created, topics, data, private, type, retry, targets) VALUES ("
                        + i + ", 'old" + i + "', 0, 'https://e/t\n', 'data', 0, NULL, 0, '')");
            }
            s.execute("PRAGMA user_version = 1");
        }
        // Each old row counts id + data + 16 bytes: 4 + 4 + 16.
        try (SqliteTransport t = SqliteTransport.open(settings().withMaxBytes(2 * 24))) {
            assertThat(Stores.ids(Stores.replay(t.history(), "earliest"))).containsExactly("old4", "old5");
            assertThat(Stores.replay(t.history(), "old3").found()).isFalse();
        }
        try (SqliteTransport t = SqliteTransport.open(settings())) {
            assertThat(Stores.ids(Stores.replay(t.history(), "old1"))).containsExactly("old2", "old3", "old4", "old5");
            assertThat(Stores.publish(t, "new").sequence()).isEqualTo(6);
            assertThat(Stores.ids(Stores.replay(t.history(), "old5"))).containsExactly("new");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(Schema.LATEST);
            var r = s.executeQuery("SELECT ordinal, size, total FROM event ORDER BY seq");
            List<List<Long>> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(List.of(r.getLong(1), r.getLong(2), r.getLong(3)));
            }
            long newSize = dev.quicksilver.core.update.SseEncoder.encode(Stores.update("new")).length;
            assertThat(rows).containsExactly(List.of(1L, 24L, 24L), List.of(2L, 24L, 48L), List.of(3L, 24L, 72L),
                    List.of(4L, 24L, 96L), List.of(5L, 24L, 120L), List.of(6L, newSize, 120L + newSize));
        }
    }

    @Test
    @DisplayName("a file from a newer version is refused, not misread")
    void newerSchema() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> SqliteTransport.open(settings())).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Quicksilver");
    }
}
