package dev.quicksilver.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Several hubs by name, one of them the default (an application publishing to more than one hub).
 * It holds {@link Publisher}s, so a test registers a {@link MockHub} where production has a
 * {@link MercureHub}.
 */
public final class HubRegistry {
    private final Map<String, Publisher> hubs;
    private final String defaultName;

    /** These hubs, in order; {@code defaultName} must be one of them. */
    public HubRegistry(Map<String, ? extends Publisher> hubs, String defaultName) {
        this.hubs = Collections.unmodifiableMap(new LinkedHashMap<>(hubs));
        this.defaultName = Objects.requireNonNull(defaultName, "defaultName");
        if (!this.hubs.containsKey(defaultName)) {
            throw new IllegalArgumentException("The default hub \"" + defaultName + "\" is not one of " + hubs.keySet());
        }
    }

    /** A registry of one hub, its default. */
    public static HubRegistry of(String name, Publisher hub) {
        return new HubRegistry(Map.of(name, hub), name);
    }

    /** The hub of this name. */
    public Publisher get(String name) {
        Publisher hub = hubs.get(name);
        if (hub == null) {
            throw new IllegalArgumentException("No hub named \"" + name + "\"; the hubs are " + hubs.keySet());
        }
        return hub;
    }

    public Publisher getDefault() {
        return hubs.get(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    public Set<String> names() {
        return hubs.keySet();
    }
}
