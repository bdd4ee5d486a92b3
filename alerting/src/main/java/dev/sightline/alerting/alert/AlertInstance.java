package dev.sightline.alerting.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of one alert definition that is pending, firing or recently resolved.
 *
 * @param fingerprint   Alertmanager's fingerprint of {@code labels} ({@link Fingerprint}); the instance's identity
 * @param labels        {@code alertname}, the definition's labels and the violation's labels
 * @param annotations   rendered; {@code runbook_url} and {@code summary} always present
 * @param activeAt      when it started violating (this time)
 * @param firedAt       when it went FIRING, null while pending
 * @param resolvedAt    when it went RESOLVED, null before
 * @param lastViolation the last round it violated
 * @param evidence      exemplar traces, found when it fired
 */
public record AlertInstance(String fingerprint, String name, AlertKind kind, String slo, AlertState state,
                            Map<String, String> labels, Map<String, String> annotations, double value,
                            Instant activeAt, Instant firedAt, Instant resolvedAt, Instant lastViolation,
                            List<EvidenceTrace> evidence) {
    public AlertInstance {
        // Sorted, so the API and notifications list labels the same way every time.
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public AlertInstance withState(AlertState next, Instant firedAt, Instant resolvedAt) {
        return new AlertInstance(fingerprint, name, kind, slo, next, labels, annotations, value, activeAt, firedAt,
                resolvedAt, lastViolation, evidence);
    }

    public AlertInstance withEvidence(List<EvidenceTrace> found) {
        return new AlertInstance(fingerprint, name, kind, slo, state, labels, annotations, value, activeAt, firedAt,
                resolvedAt, lastViolation, found);
    }

    /** The same instance seen violating again at {@code now}, with this round's value and annotations. */
    public AlertInstance seenAgain(double newValue, Map<String, String> newAnnotations, Instant now) {
        return new AlertInstance(fingerprint, name, kind, slo, state, labels, newAnnotations, newValue, activeAt,
                firedAt, resolvedAt, now, evidence);
    }

    public boolean isFiring() {
        return state == AlertState.FIRING;
    }
}
