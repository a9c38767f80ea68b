package dev.quicksilver.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Told about every publish once it is answered: the metrics hang on this. */
@FunctionalInterface
public interface PublishObserver {
    /** @param error why the publish failed, or null when the hub took it */
    void published(String hub, Duration took, @Nullable Throwable error);
}
