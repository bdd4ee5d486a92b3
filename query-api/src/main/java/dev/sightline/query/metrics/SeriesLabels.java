package dev.sightline.query.metrics;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.read.MetricSeries;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels a matcher or {@code by} sees for a series: the resource attributes ({@code service.name} among
 * them), then {@code otel.scope.name} and {@code otel.scope.version} when set, then the point attributes, a later
 * one winning on a clash (point attributes are the most specific). Values are the attribute values as text
 * ({@link AnyValues#text}); empty values are left out, as Prometheus drops empty labels.
 */
public final class SeriesLabels {
    public static final String SCOPE_NAME = "otel.scope.name";
    public static final String SCOPE_VERSION = "otel.scope.version";

    private SeriesLabels() {
    }

    public static Map<String, String> of(MetricSeries series) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (Attribute a : series.resource().attributes()) {
            put(labels, a.key(), AnyValues.text(a.value()));
        }
        put(labels, SCOPE_NAME, series.scope().name());
        put(labels, SCOPE_VERSION, series.scope().version());
        for (Attribute a : series.attributes()) {
            put(labels, a.key(), AnyValues.text(a.value()));
        }
        return Collections.unmodifiableMap(labels);
    }

    private static void put(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(key, value);
        }
    }
}
