package dev.sightline.store.retention;

import dev.sightline.store.model.Signal;

import java.util.Map;

/**
 * What one retention pass deleted, per signal.
 *
 * @param segmentsByAge    segments deleted because their newest record was older than the signal's retention
 * @param segmentsByBudget segments deleted to bring the logs under the disk budget
 * @param bytes            bytes freed
 */
public record RetentionReport(Map<Signal, Integer> segmentsByAge, Map<Signal, Integer> segmentsByBudget,
                              Map<Signal, Long> bytes) {
    public RetentionReport {
        segmentsByAge = Map.copyOf(segmentsByAge);
        segmentsByBudget = Map.copyOf(segmentsByBudget);
        bytes = Map.copyOf(bytes);
    }

    public int totalSegments() {
        return segmentsByAge.values().stream().mapToInt(Integer::intValue).sum()
                + segmentsByBudget.values().stream().mapToInt(Integer::intValue).sum();
    }
}
