package dev.sightline.alerting.alert;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series that violates an alert's condition: the labels that tell it apart from the definition's other series
 * (e.g. {@code service}, {@code operation}), the value that crossed the threshold, extra annotations that explain it
 * (an SLO alert's burn rates, budget left, time to exhaustion) and where to look for the traces that caused it.
 *
 * @param evidence how to find exemplar traces, or null when the condition knows none
 */
public record Violation(Map<String, String> labels, double value, Map<String, String> annotations,
                        EvidenceQuery evidence) {
    public Violation {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
    }
}
