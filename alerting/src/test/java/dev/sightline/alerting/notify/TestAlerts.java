package dev.sightline.alerting.notify;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.EvidenceTrace;
import dev.sightline.alerting.alert.Fingerprint;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alert instances as the lifecycle hands them to the notifier. */
final class TestAlerts {
    private TestAlerts() {
    }

    static AlertInstance firing(String name, AlertKind kind, Map<String, String> extraLabels, Instant firedAt) {
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put("alertname", name);
        Map<String, String> annotations = Map.of("summary", name + " on " + labels.getOrDefault("service", "?"),
                "runbook_url", "http://sightline.test/runbooks/high-error-rate");
        return new AlertInstance(Fingerprint.of(labels), name, kind, null, AlertState.FIRING, labels, annotations,
                0.07, firedAt.minusSeconds(60), firedAt, null, firedAt, List.of());
    }

    static AlertInstance firing(String name, Map<String, String> extraLabels, Instant firedAt) {
        return firing(name, AlertKind.RULE, extraLabels, firedAt);
    }

    static AlertInstance resolved(AlertInstance firing, Instant at) {
        return firing.withState(AlertState.RESOLVED, firing.firedAt(), at);
    }

    static AlertInstance withEvidence(AlertInstance a) {
        return a.withEvidence(List.of(
                new EvidenceTrace("4bf92f3577b34da6a3ce929d0e0e4736", "checkout", "POST /pay", 1_700_000_000L, 812.5,
                        true, List.of("ERROR card declined: gateway timeout"), "/traces/4bf92f3577b34da6a3ce929d0e0e4736"),
                new EvidenceTrace("00f067aa0ba902b7a3ce929d0e0e4736", "checkout", "POST /pay", 1_700_000_100L, 640.0,
                        true, List.of(), "/traces/00f067aa0ba902b7a3ce929d0e0e4736")));
    }
}
