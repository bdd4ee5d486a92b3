package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The inputs that make one output series: the series with the same values of the {@code by} labels, or one alone. */
record SeriesGroup(Map<String, String> labels, List<FunctionInput> members) {

    /**
     * The selected series that {@code fn} applies to, grouped by {@code by} (each apart when null) and ordered by
     * their labels; the others are left out with a warning, or refused when none is left.
     */
    static List<SeriesGroup> of(SeriesSelection selected, MetricFunction fn, RangeQuery query, List<String> warnings) {
        Map<String, Integer> skipped = new TreeMap<>();
        Map<Map<String, String>, List<FunctionInput>> groups = new LinkedHashMap<>();
        for (int i = 0; i < selected.series().size(); i++) {
            MetricSeries s = selected.series().get(i);
            FunctionInput in = FunctionInput.of(s, fn);
            if (in == null) {
                skipped.merge(SeriesKinds.describe(s), 1, Integer::sum);
                continue;
            }
            Map<String, String> key = query.by() == null ? selected.labels().get(i)
                    : project(selected.labels().get(i), query.by());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(in);
        }
        if (!selected.series().isEmpty() && groups.isEmpty()) {
            throw new BadParameterException(query.fn() != null ? "fn" : "name", "fn=" + fn.wireName()
                    + " does not apply to " + String.join(", ", skipped.keySet()) + " series; "
                    + SeriesKinds.hint(selected.first()));
        }
        skipped.forEach((what, n) -> warnings.add(n + " " + what + " series left out: fn=" + fn.wireName()
                + " does not apply to them"));

        List<Map.Entry<Map<String, String>, List<FunctionInput>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getKey().toString()));
        return ordered.stream().map(e -> new SeriesGroup(e.getKey(), e.getValue())).toList();
    }

    private static Map<String, String> project(Map<String, String> labels, List<String> by) {
        Map<String, String> key = new TreeMap<>();
        for (String name : by) {
            String v = labels.get(name);
            if (v != null) {
                key.put(name, v);
            }
        }
        return key;
    }

    /** Classic and exponential buckets cannot be added; a group holding both keeps the classic ones. */
    SeriesGroup withOneHistogramKind(List<String> warnings) {
        boolean explicit = members.stream().anyMatch(m -> m.classic() != null);
        boolean exponential = members.stream().anyMatch(m -> m.exponential() != null);
        if (!explicit || !exponential) {
            return this;
        }
        warnings.add("series " + labels + " mixes explicit-bucket and exponential histograms, which cannot be added;"
                + " the exponential ones were left out");
        return new SeriesGroup(labels, members.stream().filter(m -> m.exponential() == null).toList());
    }
}
