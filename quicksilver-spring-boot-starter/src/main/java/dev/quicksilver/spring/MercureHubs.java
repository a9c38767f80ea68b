package dev.quicksilver.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The application's hubs by name, and the default one: what discovery, cookies and health need to know. */
public final class MercureHubs {
    private final Map<String, HubEndpoint> hubs;
    private final String defaultName;

    public MercureHubs(List<HubEndpoint> hubs, String defaultName) {
        Map<String, HubEndpoint> byName = new LinkedHashMap<>();
        hubs.forEach(h -> byName.put(h.name(), h));
        this.hubs = Collections.unmodifiableMap(byName);
        if (!byName.containsKey(defaultName)) {
            throw new IllegalArgumentException("mercure.default-hub: no hub is named \"" + defaultName + "\"; the hubs are "
                    + byName.keySet());
        }
        this.defaultName = defaultName;
    }

    /** The hub of this name. */
    public HubEndpoint get(String name) {
        HubEndpoint hub = hubs.get(name);
        if (hub == null) {
            throw new IllegalArgumentException("No Mercure hub is named \"" + name + "\"; the hubs are " + hubs.keySet());
        }
        return hub;
    }

    public HubEndpoint getDefault() {
        return hubs.get(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    public Set<String> names() {
        return hubs.keySet();
    }
}
