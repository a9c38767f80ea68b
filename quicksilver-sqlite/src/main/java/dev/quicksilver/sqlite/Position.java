package dev.quicksilver.sqlite;

import dev.quicksilver.core.update.Event;

/**
 * A row's place for the count and byte limits: its {@code ordinal} (rows are numbered without
 * gaps) and its {@code total} (the SSE bytes of every row up to and including it). The newest
 * row's position tells, with no scan, which rows the limits keep ({@link Keep}).
 */
record Position(long ordinal, long total) {
    /** Before the first row of an empty table. */
    static final Position NONE = new Position(0, 0);

    /** The position of this event stored right after the row at this one. */
    Position next(Event event) {
        return new Position(ordinal + 1, total + event.sse().length);
    }
}
