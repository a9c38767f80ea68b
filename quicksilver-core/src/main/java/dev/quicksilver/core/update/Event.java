package dev.quicksilver.core.update;

/**
 * An update once the hub has accepted it: it has its final id and its place in the hub's order.
 * The SSE bytes are encoded once here and shared by every subscriber that receives the event.
 *
 * @param sequence the position in the transport's order; later events have larger numbers
 * @param update the update, with its id set
 * @param sse the event in SSE wire format, ending with the blank line; never modify it
 */
public record Event(long sequence, Update update, byte[] sse) {

    public static Event of(long sequence, Update update) {
        return new Event(sequence, update, SseEncoder.encode(update));
    }

    public String id() {
        return update.id();
    }
}
