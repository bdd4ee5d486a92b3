package dev.sightline.query.traces.analysis;

import dev.sightline.store.model.SpanId;

/**
 * What the analysis found about one span.
 *
 * @param index             the span's position in the list that was analysed
 * @param selfTimeNanos     the span's duration less the time at least one of its children ran within it
 * @param onCriticalPath    whether the critical path passes through the span
 * @param criticalPathNanos the part of the critical path spent in the span itself (0 when off the path, and may be
 *                          0 on it, e.g. for a zero-length span)
 * @param depth             0 for a root, its parent's depth + 1 otherwise
 */
public record SpanTiming(int index, SpanId spanId, long selfTimeNanos, boolean onCriticalPath,
                         long criticalPathNanos, int depth) {
}
