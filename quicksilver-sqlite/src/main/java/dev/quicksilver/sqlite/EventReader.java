package dev.quicksilver.sqlite;

import dev.quicksilver.core.history.Replay;
import dev.quicksilver.core.update.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One read connection and its statements, owned by one reader thread. A replay is read in one
 * transaction, so the cursor lookup and the events after it come from the same snapshot.
 *
 * <p>The events kept are the newest {@code maxEvents} that are not older than {@code maxAge},
 * whether or not the writer has deleted the others yet: the same answer as the in-memory ring.
 */
final class EventReader implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement newest;
    private final PreparedStatement cursor;
    private final PreparedStatement range;

    EventReader(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.newest = connection.prepareStatement("SELECT max(seq) FROM event");
        // The index on id holds (id, seq): the first entry after the floor is the first copy kept, where
        // a reused id resumes (Mercure draft-08 "Reconnection, State Reconciliation, and Event Sourcing").
        this.cursor = connection.prepareStatement(
                "SELECT seq FROM event WHERE id = ? AND seq > ? AND created >= ? ORDER BY seq LIMIT 1");
        this.range = connection.prepareStatement(
                "SELECT " + EventRows.COLUMNS + " FROM event WHERE seq > ? AND created >= ? ORDER BY seq");
    }

    Replay after(String lastEventId, int maxEvents, long cutoffMillis) throws SQLException {
        try {
            long floor;
            try (ResultSet r = newest.executeQuery()) {
                floor = (r.next() ? r.getLong(1) : 0) - maxEvents;
            }
            long after;
            if (Replay.EARLIEST.equals(lastEventId)) {
                after = floor;
            } else {
                cursor.setString(1, lastEventId);
                cursor.setLong(2, floor);
                cursor.setLong(3, cutoffMillis);
                try (ResultSet r = cursor.executeQuery()) {
                    if (!r.next()) {
                        return Replay.unknown();
                    }
                    after = r.getLong(1);
                }
            }
            range.setLong(1, after);
            range.setLong(2, cutoffMillis);
            List<Event> events = new ArrayList<>();
            try (ResultSet r = range.executeQuery()) {
                while (r.next()) {
                    events.add(EventRows.read(r));
                }
            }
            return new Replay(true, events);
        } finally {
            // Ends the snapshot at once: an open read transaction would stop checkpoints from
            // recycling the write-ahead log.
            connection.commit();
        }
    }

    @Override
    public void close() {
        try {
            newest.close();
            cursor.close();
            range.close();
            connection.close();
        } catch (SQLException e) {
            // nothing to keep
        }
    }
}
