package dev.quicksilver.sqlite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A list of strings in one TEXT column, each item ended by a line feed (so an empty item and an
 * empty list differ), so that {@code sqlite3} shows topics and
 * targets as they are. A published topic or target never holds a control character (the publish
 * form refuses them), but an embedding application may build any {@code Update}: a backslash or a
 * line feed inside an item is escaped ({@code \\}, {@code \n}) so that every list reads back exactly.
 */
final class ListColumn {
    private ListColumn() {}

    static String join(Collection<String> items) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            for (int i = 0; i < item.length(); i++) {
                char c = item.charAt(i);
                if (c == '\\') {
                    out.append("\\\\");
                } else if (c == '\n') {
                    out.append("\\n");
                } else {
                    out.append(c);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The items of {@link #join}. */
    static List<String> split(String column) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c == '\n') {
                items.add(item.toString());
                item.setLength(0);
            } else if (c == '\\' && i + 1 < column.length()) {
                char next = column.charAt(++i);
                item.append(next == 'n' ? '\n' : next);
            } else {
                item.append(c);
            }
        }
        return items;
    }
}
