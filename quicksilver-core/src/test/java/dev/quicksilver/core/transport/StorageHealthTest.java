package dev.quicksilver.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StorageHealthTest {
    @Test
    @DisplayName("unhealthy from a failure, with the store and the reason, until an update is stored again")
    void failureThenRecovery() {
        StorageHealth health = new StorageHealth("/data/history.db");
        assertThat(health.health()).isEqualTo(Health.OK);
        health.stored();
        assertThat(health.health().healthy()).isTrue();
        health.failed(3, "the disk is full");
        assertThat(health.health().healthy()).isFalse();
        assertThat(health.health().problem()).isEqualTo("/data/history.db: the disk is full");
        health.failed(1, "disk I/O error");
        assertThat(health.health().problem()).isEqualTo("/data/history.db: disk I/O error");
        health.stored();
        assertThat(health.health()).isEqualTo(Health.OK);
    }
}
