package dev.sightline.query.metrics;

import dev.sightline.store.model.Exemplar;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to a {@link RangeQuery}: the function actually applied (the default resolved), one entry per output
 * series, whether a cap left series out, and notes on series that could not be used.
 */
public record RangeResult(String name, String type, String unit, String description, MetricFunction fn, Double q,
                          long start, long end, long step, Long window, Long lookback, List<String> by,
                          List<Series> series, boolean truncated, List<String> warnings) {

    public RangeResult {
        by = by == null ? null : List.copyOf(by);
        series = List.copyOf(series);
        warnings = List.copyOf(warnings);
    }

    /**
     * One output series: its labels (all of them, or the {@code by} labels of a group), the steps that have a
     * value, and exemplars of the points it was computed from, oldest first.
     */
    public record Series(Map<String, String> labels, long[] times, double[] values, List<Exemplar> exemplars) {
        public Series {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
            exemplars = List.copyOf(exemplars);
        }
    }
}
