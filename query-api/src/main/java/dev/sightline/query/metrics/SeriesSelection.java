package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stored series of a metric that every label matcher selects, each with its labels ({@link SeriesLabels});
 * {@code first} is the series that speaks for the metric (type, unit, default function): the first selected, else
 * the first stored, else null.
 */
record SeriesSelection(List<MetricSeries> series, List<Map<String, String>> labels, MetricSeries first) {

    /** Refuses more than {@code maxInputSeries} selected series, naming {@code match} or, without it, {@code name}. */
    static SeriesSelection select(List<MetricSeries> stored, List<LabelMatcher> matchers, int maxInputSeries) {
        List<MetricSeries> selected = new ArrayList<>();
        List<Map<String, String>> selectedLabels = new ArrayList<>();
        for (MetricSeries s : stored) {
            Map<String, String> labels = SeriesLabels.of(s);
            if (matchesAll(matchers, labels)) {
                selected.add(s);
                selectedLabels.add(labels);
            }
        }
        if (selected.size() > maxInputSeries) {
            throw new BadParameterException(matchers.isEmpty() ? "name" : "match", "selects "
                    + selected.size() + " series, more than the maximum of " + maxInputSeries
                    + "; narrow it down with (more) match parameters");
        }
        MetricSeries first = selected.isEmpty() ? (stored.isEmpty() ? null : stored.get(0)) : selected.get(0);
        return new SeriesSelection(selected, selectedLabels, first);
    }

    static boolean matchesAll(List<LabelMatcher> matchers, Map<String, String> labels) {
        try {
            for (LabelMatcher m : matchers) {
                if (!m.matches(labels)) {
                    return false;
                }
            }
            return true;
        } catch (LabelMatcher.TooExpensiveException e) {
            throw new BadParameterException("match", e.getMessage());
        }
    }
}
