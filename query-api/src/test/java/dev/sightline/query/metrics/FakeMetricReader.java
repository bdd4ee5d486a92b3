package dev.sightline.query.metrics;

import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** An in-memory {@link MetricReader} over series the test builds, counting the reads it serves. */
final class FakeMetricReader implements MetricReader {
    static final long MINUTE = 60_000_000_000L;
    /** 2026-11-29T10:00:00Z: a base time for series. */
    static final long T0 = 1_795_946_400_000_000_000L;

    private final List<MetricSeries> series = new ArrayList<>();
    int reads;

    FakeMetricReader add(MetricSeries s) {
        series.add(s);
        return this;
    }

    @Override
    public List<String> metricNames() {
        TreeSet<String> names = new TreeSet<>();
        series.forEach(s -> names.add(s.name()));
        return List.copyOf(names);
    }

    @Override
    public List<MetricSeries> seriesByName(String name, long fromEpochNanos, long toEpochNanos) {
        reads++;
        List<MetricSeries> out = new ArrayList<>();
        for (MetricSeries s : series) {
            if (!s.name().equals(name)) {
                continue;
            }
            List<MetricData.Point> points = new ArrayList<>();
            for (MetricData.Point p : s.points()) {
                if (p.epochNanos() >= fromEpochNanos && p.epochNanos() < toEpochNanos) {
                    points.add(p);
                }
            }
            if (!points.isEmpty()) {
                out.add(new MetricSeries(s.name(), s.description(), s.unit(), s.type(), s.temporality(),
                        s.monotonic(), s.resource(), s.scope(), s.attributes(), points));
            }
        }
        return out;
    }

    static Resource resource(String service, String... more) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("service.name", service));
        for (int i = 0; i < more.length; i += 2) {
            attributes.add(Attribute.of(more[i], more[i + 1]));
        }
        return new Resource(attributes, 0, "");
    }

    static List<Attribute> attrs(String... kv) {
        List<Attribute> out = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.add(Attribute.of(kv[i], kv[i + 1]));
        }
        return out;
    }

    static final InstrumentationScope SCOPE = new InstrumentationScope("test.scope", "1.0", List.of(), 0, "");

    /** Number points every {@code intervalMinutes} from {@code T0 + firstMinute}. */
    static List<MetricData.NumberPoint> numbers(long firstMinute, long intervalMinutes, double... values) {
        List<MetricData.NumberPoint> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            long t = T0 + (firstMinute + i * intervalMinutes) * MINUTE;
            out.add(new MetricData.NumberPoint(List.of(), 0, t, new NumberValue.OfDouble(values[i]), List.of(), 0));
        }
        return out;
    }

    static MetricSeries gauge(String name, Resource resource, List<Attribute> attributes,
                              List<? extends MetricData.Point> points) {
        return new MetricSeries(name, "", "1", "Gauge", AggregationTemporality.UNSPECIFIED, false, resource, SCOPE,
                attributes, points);
    }

    static MetricSeries counter(String name, Resource resource, List<Attribute> attributes,
                                List<? extends MetricData.Point> points) {
        return new MetricSeries(name, "requests", "{request}", "Sum", AggregationTemporality.CUMULATIVE, true,
                resource, SCOPE, attributes, points);
    }

    static MetricSeries deltaSum(String name, Resource resource, List<Attribute> attributes,
                                 List<? extends MetricData.Point> points) {
        return new MetricSeries(name, "", "{request}", "Sum", AggregationTemporality.DELTA, true, resource, SCOPE,
                attributes, points);
    }

    static MetricSeries upDownCounter(String name, Resource resource, List<Attribute> attributes,
                                      List<? extends MetricData.Point> points) {
        return new MetricSeries(name, "", "{connection}", "Sum", AggregationTemporality.CUMULATIVE, false, resource,
                SCOPE, attributes, points);
    }

    static MetricSeries histogram(String name, AggregationTemporality temporality, Resource resource,
                                  List<Attribute> attributes, List<MetricData.HistogramPoint> points) {
        return new MetricSeries(name, "", "s", "Histogram", temporality, false, resource, SCOPE, attributes, points);
    }

    static MetricSeries exponential(String name, AggregationTemporality temporality, Resource resource,
                                    List<MetricData.ExponentialHistogramPoint> points) {
        return new MetricSeries(name, "", "s", "ExponentialHistogram", temporality, false, resource, SCOPE,
                List.of(), points);
    }

    static MetricData.HistogramPoint histogramPoint(long minute, List<Double> bounds, List<Long> counts,
                                                    List<Exemplar> exemplars) {
        long count = counts.stream().mapToLong(Long::longValue).sum();
        return new MetricData.HistogramPoint(List.of(), 0, T0 + minute * MINUTE, count, null, counts, bounds,
                exemplars, 0, null, null);
    }

    static MetricData.ExponentialHistogramPoint exponentialPoint(long minute, ExponentialHistogram h) {
        List<Long> positive = new ArrayList<>();
        for (int j = 0; j < h.positiveLength(); j++) {
            positive.add((long) h.positive(j));
        }
        List<Long> negative = new ArrayList<>();
        for (int j = 0; j < h.negativeLength(); j++) {
            negative.add((long) h.negative(j));
        }
        return new MetricData.ExponentialHistogramPoint(List.of(), 0, T0 + minute * MINUTE, (long) h.count(), null,
                h.scale(), (long) h.zeroCount(), new MetricData.Buckets(h.positiveOffset(), positive),
                new MetricData.Buckets(h.negativeOffset(), negative), 0, List.of(), null, null, h.zeroThreshold());
    }
}
