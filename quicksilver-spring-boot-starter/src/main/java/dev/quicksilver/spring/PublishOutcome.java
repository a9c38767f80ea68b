package dev.quicksilver.spring;

import dev.quicksilver.client.PublishException;
import org.jspecify.annotations.Nullable;

/** A publish's outcome as the metrics tag it: success, refused (the hub said 4xx) or error (5xx, no answer). */
final class PublishOutcome {
    private PublishOutcome() {}

    static String of(@Nullable Throwable error) {
        if (error == null) {
            return "success";
        }
        int status = status(error);
        return status >= 400 && status < 500 ? "refused" : "error";
    }

    private static int status(Throwable error) {
        if (error instanceof PublishException p) {
            return p.status();
        }
        if (error instanceof IllegalArgumentException) {
            return 400; // refused before it left: the same mistake the hub would refuse
        }
        return 500;
    }
}
