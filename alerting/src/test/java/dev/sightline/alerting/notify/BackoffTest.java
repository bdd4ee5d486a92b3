package dev.sightline.alerting.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
        assertThat(b.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(6, 0.5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(b.delay(7, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.delay(500, 0.5)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsEachDelayWithinItsBounds() {
        Backoff b = Backoff.DEFAULT;
        for (int attempt = 1; attempt <= 10; attempt++) {
            long base = Math.min(60_000, 1000L << (attempt - 1));
            assertThat(b.delay(attempt, 0.0).toMillis()).isEqualTo(Math.round(base * 0.8));
            assertThat(b.delay(attempt, 0.999_999).toMillis()).isBetween(Math.round(base * 1.19), Math.round(base * 1.2));
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("initial ≤ max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1)).hasMessageContaining("jitter");
    }
}
