package dev.quicksilver.core.urlpattern;

import dev.quicksilver.core.url.ScalarValues;
import java.util.Arrays;
import java.util.Optional;

/**
 * The standard's URLPatternInit dictionary: a pattern (or an input) given component by
 * component. An absent member differs from an empty one: absent pattern components become "*"
 * or come from baseURL, absent input components are empty. Immutable.
 */
public final class UrlPatternInit {
    private static final UrlPatternInit EMPTY = new UrlPatternInit(new String[Field.values().length]);

    private final String[] values;

    private UrlPatternInit(String[] values) {
        this.values = values;
    }

    /** the dictionary with no member */
    public static UrlPatternInit empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> protocol() {
        return Optional.ofNullable(get(Field.PROTOCOL));
    }

    public Optional<String> username() {
        return Optional.ofNullable(get(Field.USERNAME));
    }

    public Optional<String> password() {
        return Optional.ofNullable(get(Field.PASSWORD));
    }

    public Optional<String> hostname() {
        return Optional.ofNullable(get(Field.HOSTNAME));
    }

    public Optional<String> port() {
        return Optional.ofNullable(get(Field.PORT));
    }

    public Optional<String> pathname() {
        return Optional.ofNullable(get(Field.PATHNAME));
    }

    public Optional<String> search() {
        return Optional.ofNullable(get(Field.SEARCH));
    }

    public Optional<String> hash() {
        return Optional.ofNullable(get(Field.HASH));
    }

    public Optional<String> baseUrl() {
        return Optional.ofNullable(get(Field.BASE_URL));
    }

    /** the member's value, null when absent */
    String get(Field field) {
        return values[field.ordinal()];
    }

    boolean has(Field field) {
        return values[field.ordinal()] != null;
    }

    Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(values, 0, b.values, 0, values.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlPatternInit && Arrays.equals(values, ((UrlPatternInit) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Field f : Field.values()) {
            if (has(f)) {
                out.append(out.length() > 1 ? ", " : "").append(f.key).append('=').append(get(f));
            }
        }
        return out.append('}').toString();
    }

    /** Sets members (lone surrogates become U+FFFD); null means absent. Not thread-safe. */
    public static final class Builder {
        private final String[] values = new String[Field.values().length];

        private Builder() {}

        public Builder protocol(String value) {
            return set(Field.PROTOCOL, value);
        }

        public Builder username(String value) {
            return set(Field.USERNAME, value);
        }

        public Builder password(String value) {
            return set(Field.PASSWORD, value);
        }

        public Builder hostname(String value) {
            return set(Field.HOSTNAME, value);
        }

        public Builder port(String value) {
            return set(Field.PORT, value);
        }

        public Builder pathname(String value) {
            return set(Field.PATHNAME, value);
        }

        public Builder search(String value) {
            return set(Field.SEARCH, value);
        }

        public Builder hash(String value) {
            return set(Field.HASH, value);
        }

        public Builder baseUrl(String value) {
            return set(Field.BASE_URL, value);
        }

        Builder set(Field field, String value) {
            values[field.ordinal()] = value == null ? null : ScalarValues.of(value);
            return this;
        }

        String get(Field field) {
            return values[field.ordinal()];
        }

        boolean has(Field field) {
            return values[field.ordinal()] != null;
        }

        public UrlPatternInit build() {
            return new UrlPatternInit(values.clone());
        }
    }
}
