package dev.quicksilver.core.topic;

/**
 * The costliest selectors per variable, for the tests of the {@link MatchLimits} (here and in the
 * server's): variables or groups side by side, each of which may match the empty string, so that
 * all of them are alive at once while a topic is matched. The id makes each text distinct (the hub
 * matches a text shared by many subscribers once), not its expression; both match
 * {@code https://example.com/} followed by letters.
 */
public final class CostlySelectors {
    private CostlySelectors() {}

    /** A URI Template of n variables side by side. */
    public static String template(int id, int n) {
        StringBuilder s = new StringBuilder("https://example.com/");
        for (int i = 0; i < n; i++) {
            s.append("{t").append(id).append('v').append(i).append('}');
        }
        return s.toString();
    }

    /** A URL pattern of n optional named groups side by side. */
    public static String pattern(int id, int n) {
        StringBuilder s = new StringBuilder("https://example.com/");
        for (int i = 0; i < n; i++) {
            s.append(":p").append(id).append('g').append(i).append('?');
        }
        return s.toString();
    }
}
