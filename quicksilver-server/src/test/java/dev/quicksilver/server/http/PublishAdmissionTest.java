package dev.quicksilver.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicksilver.core.HubException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PublishAdmissionTest {

    @Test
    @DisplayName("past the cap a publish is refused with 503 and Retry-After; a release makes room again")
    void cap() {
        PublishAdmission admission = new PublishAdmission(2);
        admission.admit();
        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isPositive();
            assertThat(e.getMessage()).contains("too many publishes");
        });
        assertThat(admission.inFlight()).isEqualTo(2);
        admission.release();
        admission.admit();
        assertThat(admission.inFlight()).isEqualTo(2);
    }

    @Test
    @DisplayName("once closed, every publish is refused with 503, and those admitted before are awaited")
    void closing() throws Exception {
        PublishAdmission admission = new PublishAdmission(10);
        admission.admit();
        admission.close();
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("shutting down");
        });
        assertThat(admission.awaitIdle(Duration.ofMillis(50))).isFalse();
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> admission.awaitIdle(Duration.ofSeconds(10)));
        admission.release();
        assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    @DisplayName("a cap below one is a programming error")
    void invalidCap() {
        assertThatThrownBy(() -> new PublishAdmission(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
