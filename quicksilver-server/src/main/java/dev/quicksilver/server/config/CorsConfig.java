package dev.quicksilver.server.config;

import java.util.List;

/**
 * Which browser pages may call the hub (Fetch Standard, CORS protocol).
 *
 * @param origins origins allowed to call the hub from a browser, or {@code *} for any (then without cookies)
 */
public record CorsConfig(List<String> origins) {

    public CorsConfig {
        origins = List.copyOf(origins);
    }
}
