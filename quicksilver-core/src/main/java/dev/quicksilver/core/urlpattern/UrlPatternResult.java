package dev.quicksilver.core.urlpattern;

import java.util.List;

/** A successful match (the standard's URLPatternResult): the inputs, then one result per component. */
public final class UrlPatternResult {
    private final List<Object> inputs;
    private final UrlPatternComponentResult[] components;

    UrlPatternResult(List<Object> inputs, UrlPatternComponentResult[] components) {
        this.inputs = List.copyOf(inputs);
        this.components = components;
    }

    /**
     * what exec was given: the URL string and, when one was given, the base URL string; or the
     * {@link UrlPatternInit}
     */
    public List<Object> inputs() {
        return inputs;
    }

    public UrlPatternComponentResult protocol() {
        return components[Field.PROTOCOL.ordinal()];
    }

    public UrlPatternComponentResult username() {
        return components[Field.USERNAME.ordinal()];
    }

    public UrlPatternComponentResult password() {
        return components[Field.PASSWORD.ordinal()];
    }

    public UrlPatternComponentResult hostname() {
        return components[Field.HOSTNAME.ordinal()];
    }

    public UrlPatternComponentResult port() {
        return components[Field.PORT.ordinal()];
    }

    public UrlPatternComponentResult pathname() {
        return components[Field.PATHNAME.ordinal()];
    }

    public UrlPatternComponentResult search() {
        return components[Field.SEARCH.ordinal()];
    }

    public UrlPatternComponentResult hash() {
        return components[Field.HASH.ordinal()];
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("UrlPatternResult{inputs=").append(inputs);
        for (Field f : Field.COMPONENTS) {
            out.append(", ").append(f.key).append('=').append(components[f.ordinal()]);
        }
        return out.append('}').toString();
    }
}
