package dev.sightline.alerting.notify;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLogTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    private static Notification notification(String receiver, String key) {
        return new Notification(receiver, key, Set.of("a1"), Set.of(), T0, "firing", List.of("a1"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsOnlyTheNewestRowsAndTheLastDays() {
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            DeliveryLog log = new DeliveryLog(db, 150, Duration.ofDays(7));
            for (int i = 0; i < 2 * DeliveryLog.TRIM_EVERY; i++) {
                log.record(notification("team", "k" + i), 1, T0.plusSeconds(i), DeliveryOutcome.DELIVERED, 200, null,
                        5);
            }
            List<DeliveryAttempt> kept = log.recent(null, 1000);
            assertThat(kept).hasSize(150);
            assertThat(kept.get(0).groupKey()).isEqualTo("k199");
            assertThat(kept.get(149).groupKey()).isEqualTo("k50");

            log.trim(T0.plus(Duration.ofDays(7)).plusSeconds(100));
            assertThat(log.recent(null, 1000)).extracting(DeliveryAttempt::groupKey).first().isEqualTo("k199");
            assertThat(log.recent(null, 1000)).hasSize(100);
        }
    }

    @Test
    void filtersByReceiverNewestFirstAndSurvivesARestart() {
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            DeliveryLog log = new DeliveryLog(db, 10_000, Duration.ofDays(7));
            log.record(notification("team", "k1"), 1, T0, DeliveryOutcome.RETRYING, null, "connection refused", 3);
            log.record(notification("pager", "k2"), 1, T0.plusSeconds(1), DeliveryOutcome.DELIVERED, 204, null, 4);
            log.record(notification("team", "k1"), 2, T0.plusSeconds(2), DeliveryOutcome.DELIVERED, 200, null, 5);
        }
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            List<DeliveryAttempt> team = new DeliveryLog(db, 10_000, Duration.ofDays(7)).recent("team", 10);
            assertThat(team).extracting(DeliveryAttempt::attempt).containsExactly(2, 1);
            assertThat(team.get(1).httpStatus()).isNull();
            assertThat(team.get(1).error()).isEqualTo("connection refused");
            assertThat(team.get(0).fingerprints()).containsExactly("a1");
        }
    }
}
