package dev.quicksilver.redis;

import dev.quicksilver.core.update.Event;
import dev.quicksilver.core.update.Update;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * An event as a stream entry: one field per part of the update, lists as length-prefixed strings
 * ({@code 5:hello3:abc}) because a topic may hold any character. The publish script adds the field
 * {@code t}, the time of the append, first.
 */
final class Entries {
    static final String KIND = "k";
    static final String UPDATE = "u";
    static final String SUBSCRIPTION_EVENT = "s";

    private Entries() {}

    /** The fields and values of an update, flat, as the publish script takes them. */
    static List<String> fields(Update update, boolean subscriptionEvent) {
        List<String> f = new ArrayList<>(16);
        add(f, KIND, subscriptionEvent ? SUBSCRIPTION_EVENT : UPDATE);
        add(f, "i", update.id());
        add(f, "p", join(update.topics()));
        add(f, "d", update.data());
        if (update.privateUpdate()) {
            add(f, "v", "1");
        }
        if (update.type() != null) {
            add(f, "y", update.type());
        }
        if (update.retry() != 0) {
            add(f, "r", Long.toString(update.retry()));
        }
        if (!update.targets().isEmpty()) {
            add(f, "g", join(update.targets()));
        }
        return f;
    }

    private static void add(List<String> fields, String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    /** The event of a stream entry, by its id ({@code <sequence>-0}) and its fields. */
    static Event event(String entryId, Map<String, String> body) {
        String retry = body.get("r");
        String targets = body.get("g");
        Update update = new Update(body.get("i"), split(body.get("p")), body.getOrDefault("d", ""),
                body.containsKey("v"), body.get("y"), retry == null ? 0 : Long.parseLong(retry),
                targets == null ? java.util.Set.of() : new HashSet<>(split(targets)));
        return Event.of(sequence(entryId), update);
    }

    /** The sequence of an entry id. */
    static long sequence(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    /** The entry id of a sequence. */
    static String entryId(long sequence) {
        return sequence + "-0";
    }

    static String join(Collection<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            b.append(v.length()).append(':').append(v);
        }
        return b.toString();
    }

    static List<String> split(String joined) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < joined.length()) {
            int colon = joined.indexOf(':', i);
            int length = Integer.parseInt(joined.substring(i, colon));
            values.add(joined.substring(colon + 1, colon + 1 + length));
            i = colon + 1 + length;
        }
        return values;
    }
}
