package dev.sightline.alerting.alert;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertStateStoreTest {
    @TempDir
    Path dir;

    private static AlertInstance instance(String service, AlertState state) {
        Map<String, String> labels = Map.of("alertname", "HighErrorRate", "service", service);
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        return new AlertInstance(Fingerprint.of(labels), "HighErrorRate", AlertKind.RULE, null, state, labels,
                Map.of("summary", "<b>\"quoted\"</b> ünïcode", "runbook_url", "http://x/runbooks/high-error-rate"),
                0.07, t, state == AlertState.PENDING ? null : t.plusSeconds(60), null, t.plusSeconds(90),
                List.of(new EvidenceTrace("0af7651916cd43dd8448eb211c80319c", service, "POST /pay", 1L, 12.5, true,
                        List.of("payment declined"), "/api/traces/0af7651916cd43dd8448eb211c80319c")));
    }

    @Test
    void savedInstancesSurviveReopeningTheFile() {
        AlertInstance firing = instance("checkout", AlertState.FIRING);
        AlertInstance pending = instance("cart", AlertState.PENDING);
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            AlertStateStore store = new AlertStateStore(db);
            store.save(List.of(firing, pending));
            store.save(List.of(firing));
        }
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            assertThat(new AlertStateStore(db).load()).containsExactly(firing);
        }
    }
}
