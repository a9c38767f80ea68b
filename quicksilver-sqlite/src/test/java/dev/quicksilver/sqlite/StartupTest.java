package dev.quicksilver.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
