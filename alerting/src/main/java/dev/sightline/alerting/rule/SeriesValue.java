package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.EvidenceQuery;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of an evaluated rule expression: its labels, its value at now, whether it violates the threshold, and
 * for a violating series extra annotations and where its evidence is (null when the selector knows none).
 */
public record SeriesValue(Map<String, String> labels, double value, boolean violating,
                          Map<String, String> annotations, EvidenceQuery evidence) {
    public SeriesValue {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
    }
}
