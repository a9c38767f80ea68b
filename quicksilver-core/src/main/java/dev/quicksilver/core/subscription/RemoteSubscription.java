package dev.quicksilver.core.subscription;

import dev.quicksilver.core.json.Json;
import dev.quicksilver.core.subscriber.Subscriber;
import dev.quicksilver.core.topic.MatchType;
import dev.quicksilver.core.topic.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription of another node of the cluster, as that node wrote it: what a listing filters on,
 * and its collection item, already rendered (the other node holds the subscriber's token).
 *
 * @param match the matcher string, percent-encoded ({@link Subscriptions#encodeSegment})
 * @param document the subscription's JSON document as an item of a collection
 */
public record RemoteSubscription(MatchType type, String match, String document) {

    /** Whether a listing of this era, type ({@code null}: any) and matcher string ({@code null}: any) keeps it. */
    public boolean kept(boolean modern, MatchType wantedType, String wantedMatch) {
        return type.modern() == modern && (wantedType == null || wantedType == type)
                && (wantedMatch == null || Subscriptions.encodeSegment(wantedMatch).equals(match));
    }

    /**
     * A subscriber's subscriptions as one text, a line each: type, encoded match and document,
     * separated by tabs (neither an encoded match nor a JSON document holds a tab or a line break).
     */
    public static String encode(Subscriber subscriber) {
        StringBuilder out = new StringBuilder();
        for (Matcher m : subscriber.matchers()) {
            out.append(m.type().name()).append('\t').append(Subscriptions.encodeSegment(m.match())).append('\t')
                    .append(Json.write(new Subscription(subscriber, m, true).document(false, null))).append('\n');
        }
        return out.toString();
    }

    /** The subscriptions {@link #encode} wrote; lines it cannot read (another version's) are skipped. */
    public static List<RemoteSubscription> decode(String text) {
        List<RemoteSubscription> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split("\t", 3);
            if (parts.length != 3) {
                continue;
            }
            try {
                result.add(new RemoteSubscription(MatchType.valueOf(parts[0]), parts[1], parts[2]));
            } catch (IllegalArgumentException e) {
                // an unknown type: skip the line
            }
        }
        return result;
    }
}
