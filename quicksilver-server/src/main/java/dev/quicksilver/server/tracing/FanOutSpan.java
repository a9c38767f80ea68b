package dev.quicksilver.server.tracing;

import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one span of an event's fan-out, however many subscribers receive it: it ends once every
 * event loop handed the event has delivered it, with the number of subscribers it was delivered to.
 * Thread-safe: each loop reports from its own thread.
 */
public final class FanOutSpan {
    private final Span span;
    private final AtomicInteger loopsLeft;
    private final AtomicInteger deliveries = new AtomicInteger();

    FanOutSpan(Span span, int loops) {
        this.span = span;
        this.loopsLeft = new AtomicInteger(loops);
        if (loops == 0) {
            end();
        }
    }

    /** One event loop delivered the event to this many subscribers (or could not: 0). */
    public void delivered(int subscribers) {
        deliveries.addAndGet(subscribers);
        if (loopsLeft.decrementAndGet() == 0) {
            end();
        }
    }

    private void end() {
        span.setAttribute(HubTraces.DELIVERIES, (long) deliveries.get());
        span.end();
    }
}
