package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.History;
import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers for the store's tests. */
final class Stores {
    private Stores() {}

    /** The update {@link #publish} publishes: topic {@code https://e/t}, data {@code d}, this id (null: none). */
    static Update update(String id) {
        Update u = Update.of(List.of("https://e/t"), "d");
        return id == null ? u : u.withId(id);
    }

    static Event publish(SqliteTransport transport, String id) {
        return transport.publish(update(id)).toCompletableFuture().join();
    }

    static Replay replay(History history, String lastEventId) {
        return history.after(lastEventId).toCompletableFuture().join();
    }

    static List<String> ids(Replay replay) {
        return replay.events().stream().map(Event::id).collect(Collectors.toList());
    }

    /** Rows in the file, read on a connection of the test's own, as an operator would. */
    static long rows(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM event")) {
            r.next();
            return r.getLong(1);
        }
    }
}
