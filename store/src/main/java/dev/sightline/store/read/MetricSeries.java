package dev.sightline.store.read;

import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Resource;

import java.util.List;

/**
 * One time series: a metric name with one resource, scope and point-attribute set, and its points by time.
 * {@code type} is the MetricData kind's simple name (Gauge, Sum, Histogram, ExponentialHistogram, Summary).
 */
public record MetricSeries(String name, String description, String unit, String type,
                           AggregationTemporality temporality, boolean monotonic,
                           Resource resource, InstrumentationScope scope, List<Attribute> attributes,
                           List<? extends MetricData.Point> points) {
    public MetricSeries {
        attributes = List.copyOf(attributes);
        points = List.copyOf(points);
    }
}
