package dev.quicksilver.sqlite;

import static dev.quicksilver.sqlite.Stores.ids;
import static dev.quicksilver.sqlite.Stores.publish;
import static dev.quicksilver.sqlite.Stores.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.transport.Health;
import dev.quicksilver.core.transport.NotStoredException;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails, then the store that comes back. The failure is injected the way SQLite
 * itself reports one: a trigger installed from another connection aborts the writer's inserts in
 * the middle of its transaction (RAISE(ABORT) leaves the transaction open, RAISE(ROLLBACK) rolls it
 * back, as SQLite does by itself on a full disk). A real full disk is in quicksilver-server's
 * DiskFullProcessTest, on a hub process with a file-size limit.
 */
class WriteFailureTest {
    @TempDir
    Path dir;
    private SqliteTransport transport;

    private Path file() {
        return dir.resolve("history.db");
    }

    private SqliteTransport open() {
        transport = SqliteTransport.open(SqliteSettings.of(file()));
        return transport;
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    /** Runs a statement on a connection of the test's own, waiting for the writer's lock if it holds it. */
    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            s.execute(statement);
        }
    }

    private void failInserts(String how) throws SQLException {
        sql("CREATE TRIGGER fail BEFORE INSERT ON event BEGIN SELECT RAISE(" + how + ", 'injected failure'); END");
    }

    @Test
    @DisplayName("failed writes: each publish fails (503), unhealthy with the reason; once writes work, the next "
            + "publish is stored, healthy again, nothing lost; again and again")
    void recoversAfterFailedWrites() throws Exception {
        open();
        List<String> stored = new ArrayList<>();
        // One after the other on the same store: a failure SQLite rolled back by itself leaves the
        // driver's ROLLBACK statement failed, and the next failure's transaction then stayed open.
        for (String how : List.of("ROLLBACK", "ABORT", "FAIL")) {
            Event a = publish(transport, "a-" + how);
            failInserts(how);
            for (int i = 0; i < 3; i++) {
                String id = "x" + i;
                assertThatThrownBy(() -> publish(transport, id)).as(how).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(NotStoredException.class);
            }
            Health broken = transport.health();
            assertThat(broken.healthy()).as(how).isFalse();
            assertThat(broken.problem()).contains(file().toString()).contains("injected failure");
            // Would wait for the lock (and fail) if the writer had kept its failed transaction open.
            sql("DROP TRIGGER fail");
            Event b = publish(transport, "b-" + how);
            assertThat(transport.health()).as(how).isEqualTo(Health.OK);
            assertThat(b.sequence()).isGreaterThan(a.sequence());
            assertThat(publish(transport, "c-" + how).sequence()).isEqualTo(b.sequence() + 1);
            assertThat(ids(replay(transport.history(), a.id()))).containsExactly("b-" + how, "c-" + how);
            stored.addAll(List.of("a-" + how, "b-" + how, "c-" + how));
        }
        transport.close();
        open();
        assertThat(ids(replay(transport.history(), Replay.EARLIEST))).containsExactlyElementsOf(stored);
    }

    @Test
    @DisplayName("while updates cannot be stored, subscription events still go out, in order")
    void subscriptionEventsGoOut() throws Exception {
        open();
        List<Event> seen = new ArrayList<>();
        transport.listen(seen::add);
        Event a = publish(transport, "a");
        failInserts("ABORT");
        assertThatThrownBy(() -> publish(transport, "lost")).hasCauseInstanceOf(NotStoredException.class);
        Event s = transport.publishSubscriptionEvent(Update.of(List.of("/.well-known/mercure/subscriptions/t/x"), "{}"))
                .toCompletableFuture().join();
        sql("DROP TRIGGER fail");
        Event b = publish(transport, "b");
        assertThat(seen).containsExactly(a, s, b);
        assertThat(ids(replay(transport.history(), "a"))).containsExactly(s.id(), "b");
    }
}
