package dev.quicksilver.core.subscription;

import dev.quicksilver.core.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection document of the subscriptions API, written a part at a time as its listing is
 * read, so that no collection is ever held whole, however many subscriptions it has. Its text is
 * that of the whole document written at once: 1.0's {@code {"id":…,"type":"subscriptions",
 * "subscriptions":[…]}} (the Mercure draft's "Subscription API") or 0.x's JSON-LD
 * {@code {"@context":…,"id":…,"type":"Subscriptions","lastEventID":…,"subscriptions":[…]}}.
 *
 * <p>Not thread-safe: one writer at a time.
 */
public final class SubscriptionCollection {
    /**
     * Subscribers a part may look at: a filtered collection can pass many before it finds one to
     * list, and each part must stay short work for the event loop that writes it.
     */
    static final int VISITS_PER_PART = 1024;

    private final Map<String, Object> head = new LinkedHashMap<>();
    private final SubscriptionListing listing;
    private boolean opened;
    private boolean empty = true;
    private boolean ended;
    /** Other nodes' subscriptions, listed after this node's. */
    private Iterator<RemoteSubscription> others = Collections.emptyIterator();

    /**
     * @param id the URL the collection was requested at
     * @param modern 1.0's shape, else 0.x's
     * @param lastEventId 0.x's cursor property (1.0's is in a header)
     */
    public SubscriptionCollection(String id, boolean modern, String lastEventId, SubscriptionListing listing) {
        if (!modern) {
            head.put("@context", Subscription.CONTEXT);
        }
        head.put("id", id);
        head.put("type", modern ? "subscriptions" : "Subscriptions");
        if (!modern) {
            head.put("lastEventID", lastEventId);
        }
        this.listing = listing;
    }

    /** Lists these subscriptions of other nodes after this node's; before the first part is written. */
    public SubscriptionCollection withOthers(List<RemoteSubscription> remote) {
        this.others = remote.iterator();
        return this;
    }

    /**
     * Appends the next part of the document: whole subscription documents until at least
     * {@code size} characters are appended (so a part may pass it by one document), the listing has
     * looked at {@link #VISITS_PER_PART} subscribers, or the document ends. A part may be empty.
     *
     * @return true while more remains, false once the end of the document was appended
     */
    public boolean writeNext(StringBuilder out, int size) {
        if (ended) {
            return false;
        }
        int start = out.length();
        if (!opened) {
            Json.openArrayMember(out, head, "subscriptions");
            opened = true;
        }
        long until = listing.visited() + VISITS_PER_PART;
        while (out.length() - start < size) {
            Subscription s = listing.next(until);
            if (s == null) {
                break;
            }
            if (!empty) {
                out.append(',');
            }
            empty = false;
            Json.write(out, s.document(false, null));
        }
        if (!listing.ended()) {
            return true;
        }
        while (others.hasNext() && out.length() - start < size) {
            if (!empty) {
                out.append(',');
            }
            empty = false;
            out.append(others.next().document());
        }
        if (others.hasNext()) {
            return true;
        }
        out.append("]}");
        ended = true;
        return false;
    }
}
