package dev.quicksilver.core.form;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The name/value pairs of an {@code application/x-www-form-urlencoded} body or query string, in
 * their original order. Names repeat (topic, target): {@link #all} returns every value.
 */
public final class FormData {
    /** One name/value pair. */
    public record Field(String name, String value) {}

    private static final FormData EMPTY = new FormData(List.of());

    private final List<Field> fields;

    FormData(List<Field> fields) {
        this.fields = fields;
    }

    public static FormData empty() {
        return EMPTY;
    }

    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** The fields of {@code first}, then those of {@code second} (a QUERY request's query string and body). */
    public static FormData union(FormData first, FormData second) {
        if (second.fields.isEmpty()) {
            return first;
        }
        if (first.fields.isEmpty()) {
            return second;
        }
        List<Field> all = new ArrayList<>(first.fields);
        all.addAll(second.fields);
        return new FormData(all);
    }

    public boolean has(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the first value of the field, or null when absent */
    public String first(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equals(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.name().equals(name)) {
                n++;
            }
        }
        return n;
    }
}
