package dev.quicksilver.sqlite;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;

/** An event as a row of the {@code event} table, and back. */
final class EventRows {
    static final String INSERT = "INSERT INTO event (seq, id, created, topics, data, private, type, retry, targets, "
            + "ordinal, size, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "seq, id, topics, data, private, type, retry, targets";

    private EventRows() {}

    /** @param at the row's place in the count and byte limits ({@link Position#next}) */
    static void bind(PreparedStatement insert, Event event, long createdMillis, Position at) throws SQLException {
        Update u = event.update();
        insert.setLong(1, event.sequence());
        insert.setString(2, event.id());
        insert.setLong(3, createdMillis);
        insert.setString(4, ListColumn.join(u.topics()));
        insert.setString(5, u.data());
        insert.setInt(6, u.privateUpdate() ? 1 : 0);
        if (u.type() == null) {
            insert.setNull(7, Types.VARCHAR);
        } else {
            insert.setString(7, u.type());
        }
        insert.setLong(8, u.retry());
        insert.setString(9, ListColumn.join(u.targets()));
        insert.setLong(10, at.ordinal());
        insert.setLong(11, event.sse().length);
        insert.setLong(12, at.total());
    }

    /** The event of the current row; its SSE bytes are encoded again, as they were when it was published. */
    static Event read(ResultSet row) throws SQLException {
        Update update = new Update(row.getString(2), ListColumn.split(row.getString(3)), row.getString(4),
                row.getInt(5) != 0, row.getString(6), row.getLong(7),
                new LinkedHashSet<>(ListColumn.split(row.getString(8))));
        return Event.of(row.getLong(1), update);
    }
}
