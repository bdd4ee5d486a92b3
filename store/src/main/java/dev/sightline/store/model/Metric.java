package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

/** One metric with its points. {@code metadata} is OTLP's {@code Metric.metadata}. */
public record Metric(String name, String description, String unit, List<Attribute> metadata, MetricData data) {
    public Metric {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        unit = unit == null ? "" : unit;
        metadata = List.copyOf(metadata);
        Objects.requireNonNull(data, "data");
    }
}
